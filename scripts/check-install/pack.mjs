// The package as npm would publish it: what `npm pack` puts in the tarball, checked against
// what a consumer may receive, and the tarball itself for the install fixtures.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { npm } from "./npm.mjs";

/** Top-level files the tarball must hold besides `dist/`: npm adds package.json itself. */
const DOCUMENTS = ["README.md", "LICENSE", "CHANGELOG.md"];

/**
 * Packs `root` into `destination` without lifecycle scripts (the check tests the build that is
 * there; `prepublishOnly` builds before a real publish). The file list is the one
 * `npm pack --dry-run` prints.
 *
 * @returns {Promise<{ tarball: string, files: string[], size: number }>}
 */
export async function pack(root, destination) {
  const { stdout } = await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", destination], { cwd: root });
  const [info] = JSON.parse(stdout);
  return { tarball: join(destination, info.filename), files: info.files.map((f) => f.path).sort(), size: info.size };
}

/**
 * Problems with a packed file list, each a sentence; empty when the tarball holds exactly
 * `dist/`, the documents and package.json, and every file package.json points at.
 *
 * @param {string[]} files paths inside the tarball
 * @param {Record<string, any>} manifest the package.json that was packed
 * @param {string} root the packed directory
 */
export function packProblems(files, manifest, root) {
  const problems = [];
  const listed = new Set(files);
  const allowed = (path) => path === "package.json" || DOCUMENTS.includes(path) || path.startsWith("dist/");
  const extra = files.filter((path) => !allowed(path));
  if (extra.length > 0) problems.push(`files outside dist/, package.json and ${DOCUMENTS.join(", ")}: ${extra.join(", ")}`);
  for (const document of ["package.json", ...DOCUMENTS]) {
    if (!listed.has(document)) problems.push(`${document} is not in the tarball${existsSync(join(root, document)) ? " (add it to package.json \"files\")" : " (the file does not exist)"}`);
  }
  const missing = entryFiles(manifest).filter((path) => !listed.has(path));
  if (missing.length > 0) problems.push(`files package.json points at are missing (run \`npm run build\` first?): ${missing.join(", ")}`);
  return problems;
}

/** A LICENSE whose title is not the package.json licence (an SPDX id such as MIT) is a mismatch. */
export function licenseProblems(root, manifest) {
  const path = join(root, "LICENSE");
  if (!existsSync(path)) return ["LICENSE does not exist"];
  const title = readFileSync(path, "utf8").split("\n")[0].trim();
  return title === `${manifest.license} License` ? [] : [`LICENSE starts with "${title}", package.json says "${manifest.license}"`];
}

/** Every file main/module/types/bin/exports name, as tarball paths ("./dist/x.js" → "dist/x.js"). */
function entryFiles(manifest) {
  const paths = new Set();
  const collect = (value) => {
    if (typeof value === "string") paths.add(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  [manifest.main, manifest.module, manifest.types, manifest.bin, manifest.exports].forEach(collect);
  return [...paths].sort();
}

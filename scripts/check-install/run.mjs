#!/usr/bin/env node
// `npm run check:install`: the package as a consumer gets it. Packs the built package, checks
// the tarball's file list and LICENSE, installs the tarball into fresh directories next to the
// peers a consumer would add, and imports every entry there as ESM and as CommonJS.
//
//   node scripts/check-install/run.mjs [--node <path to another node binary>]... [--keep]
//
// Every failure is reported with what failed (the npm error, the import error's code and
// message); the exit code is 1 when anything failed. Needs a built dist/ and the npm registry.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import semver from "semver";
import { install, installed, probe } from "./fixture.mjs";
import { errorLines, run } from "./npm.mjs";
import { licenseProblems, pack, packProblems } from "./pack.mjs";

const root = resolve(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const { values: args } = parseArgs({
  options: { node: { type: "string", multiple: true, default: [] }, keep: { type: "boolean", default: false } },
});

/**
 * The consumer projects. `expects` is one export each entry must have (a sanity check on top of
 * "ESM and CJS load and export the same names"); `needs` skips an entry on a Node that the
 * installed package's `engines` rules out (msw 3 asks for Node >= 22.12).
 */
const FIXTURES = [
  {
    dir: "with-react",
    dependencies: ["react"],
    entries: [
      { subpath: "", expects: "createCoachingClient" },
      { subpath: "/react", expects: "useCoachingSession" },
    ],
  },
  {
    dir: "with-msw3",
    dependencies: ["msw@3"],
    entries: [
      { subpath: "", expects: "createCoachingClient" },
      { subpath: "/testing", expects: "createMswHandlers", needs: "msw" },
    ],
  },
];

let failures = 0;
const ok = (text) => console.log(`ok    ${text}`);
const fail = (text, details = []) => {
  failures += 1;
  console.log(`FAIL  ${text}`);
  for (const line of details) console.log(`        ${line}`);
};
const skip = (text) => console.log(`skip  ${text}`);

const work = mkdtempSync(join(tmpdir(), "coaching-install-"));
try {
  await checkAll();
} catch (error) {
  fail("check:install stopped", errorLines(error));
} finally {
  if (args.keep) console.log(`Kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(failures === 0 ? "check:install: all ok" : `check:install: ${failures} failure(s)`);
process.exitCode = failures === 0 ? 0 : 1;

async function checkAll() {
  const nodes = await Promise.all([process.execPath, ...args.node].map(async (path) => ({ path, version: (await run(path, ["-p", "process.version"], { cwd: work })).stdout.trim() })));
  console.log(`Node: ${nodes.map((n) => n.version).join(", ")}`);

  const license = licenseProblems(root, manifest);
  if (license.length === 0) ok(`LICENSE is the ${manifest.license} licence package.json names`);
  else fail("LICENSE", license);

  let packed;
  try {
    packed = await pack(root, work);
  } catch (error) {
    fail("npm pack", errorLines(error));
    return;
  }
  const problems = packProblems(packed.files, manifest, root);
  console.log(`npm pack: ${packed.files.length} files, ${(packed.size / 1024).toFixed(1)} kB packed`);
  if (problems.length === 0) ok("tarball holds only dist/, package.json, README.md, LICENSE, CHANGELOG.md and every file package.json points at");
  else fail("tarball contents", problems);

  const installs = await Promise.all(FIXTURES.map((fixture) => install(join(work, fixture.dir), packed.tarball, fixture.dependencies)));
  for (const [index, fixture] of FIXTURES.entries()) {
    const dir = join(work, fixture.dir);
    const what = `npm install <tarball> ${fixture.dependencies.join(" ")}`;
    if (installs[index]) {
      fail(what, installs[index]);
      continue;
    }
    ok(`${what} (${fixture.dependencies.map((name) => `${bare(name)}@${installed(dir, bare(name)).version}`).join(", ")})`);
    for (const node of nodes) await checkImports(dir, fixture, node);
  }
}

/** Imports the fixture's entries with one Node; each entry must load as ESM and CJS alike. */
async function checkImports(dir, fixture, node) {
  const entries = fixture.entries.filter((entry) => {
    if (!entry.needs) return true;
    const { version, nodeRange } = installed(dir, entry.needs);
    if (semver.satisfies(node.version, nodeRange)) return true;
    skip(`${node.version}: ${manifest.name}${entry.subpath} (${entry.needs}@${version} needs node ${nodeRange})`);
    return false;
  });
  const specifiers = entries.map((entry) => `${manifest.name}${entry.subpath}`);
  let results;
  try {
    ({ results } = await probe(dir, node.path, specifiers));
  } catch (error) {
    fail(`${node.version}: the import probe in ${fixture.dir} did not run`, errorLines(error));
    return;
  }
  for (const [index, entry] of entries.entries()) {
    const specifier = specifiers[index];
    const { esm, cjs } = results[specifier];
    const label = `${node.version}: ${specifier} in ${fixture.dir}`;
    const errors = [
      ...(esm.ok ? [] : [`import: ${esm.code ?? "error"} ${esm.message}`]),
      ...(cjs.ok ? [] : [`require: ${cjs.code ?? "error"} ${cjs.message}`]),
    ];
    if (esm.ok && cjs.ok) {
      const onlyEsm = esm.names.filter((name) => !cjs.names.includes(name));
      const onlyCjs = cjs.names.filter((name) => !esm.names.includes(name));
      if (onlyEsm.length > 0 || onlyCjs.length > 0) errors.push(`ESM and CJS differ: only ESM ${onlyEsm.join(", ") || "-"}; only CJS ${onlyCjs.join(", ") || "-"}`);
      if (!esm.names.includes(entry.expects)) errors.push(`no export named ${entry.expects}`);
    }
    if (errors.length === 0) ok(`${label}: import and require (${esm.names.length} exports)`);
    else fail(label, errors);
  }
}

/** "msw@3" → "msw" (a scoped name keeps its leading @). */
function bare(spec) {
  return spec.replace(/(.)@.*$/, "$1");
}

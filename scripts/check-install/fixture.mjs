// One consumer project: a fresh directory, `npm install <tarball> ...peers`, then the probe run
// by each Node under test.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorLines, npm, run } from "./npm.mjs";

const PROBE = new URL("./probe.mjs", import.meta.url);

/**
 * Installs the tarball with `dependencies` into `dir`. Resolves to npm's error lines when the
 * install fails (an ERESOLVE names the peer range that refused), to `null` when it worked.
 *
 * @returns {Promise<string[] | null>}
 */
export async function install(dir, tarball, dependencies) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "install-check", private: true }, null, 2)}\n`);
  copyFileSync(PROBE, join(dir, "probe.mjs"));
  try {
    await npm(["install", tarball, ...dependencies, "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
    return null;
  } catch (error) {
    return errorLines(error);
  }
}

/** The version of a package installed in the fixture, and the Node range its package.json asks for. */
export function installed(dir, name) {
  const manifest = JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"));
  return { version: manifest.version, nodeRange: manifest.engines?.node ?? "*" };
}

/**
 * Runs the probe with the Node binary `node` in `dir`.
 *
 * @returns {Promise<{ node: string, results: Record<string, { esm: ProbeResult, cjs: ProbeResult }> }>}
 * @typedef {{ ok: true, names: string[] } | { ok: false, code: string | null, message: string }} ProbeResult
 */
export async function probe(dir, node, specifiers) {
  const { stdout } = await run(node, ["probe.mjs", ...specifiers], { cwd: dir });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

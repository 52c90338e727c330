// Copied into each fixture directory and run there by every Node under test: imports each
// specifier given on the command line once as ESM (`import()`) and once as CommonJS (`require`),
// the way a consumer's code would, and prints one JSON line with what each produced.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** @param {unknown} error */
const describe = (error) => {
  const e = /** @type {{ code?: string, message?: string }} */ (error);
  return { code: e?.code ?? null, message: String(e?.message ?? error).split("\n")[0] };
};

const results = {};
for (const specifier of process.argv.slice(2)) {
  const result = {};
  try {
    result.esm = { ok: true, names: Object.keys(await import(specifier)).sort() };
  } catch (error) {
    result.esm = { ok: false, ...describe(error) };
  }
  try {
    result.cjs = { ok: true, names: Object.keys(require(specifier)).sort() };
  } catch (error) {
    result.cjs = { ok: false, ...describe(error) };
  }
  results[specifier] = result;
}
process.stdout.write(`${JSON.stringify({ node: process.version, results })}\n`);

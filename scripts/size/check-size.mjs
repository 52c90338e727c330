// `npm run size`: the browser bundle cost of the SDK against its budgets (exit 1 when over a
// budget: they guard against regressions) and its targets (reported when not met).
// Measures the BUILT package (dist/, or `--dist DIR`): run `npm run build` first.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { measureAll } from "./measure.mjs";
import { dependencyScenarios, missingExports, sdkScenarios, zodStyleScenarios } from "./scenarios.mjs";
import { repoRoot } from "./sdk-resolver.mjs";
import { budgetColumns, errorLines, kb, sizeColumns, table, targetMisses, verdict } from "./table.mjs";
import { zodWarnings } from "./zod-audit.mjs";

const { values } = parseArgs({ options: { dist: { type: "string", default: "dist" } } });
const distDir = resolve(repoRoot, values.dist);

let missing;
try {
  missing = await missingExports(distDir);
} catch (error) {
  console.error(`size: ${error.message}`);
  process.exit(1);
}

const ours = await measureAll(await sdkScenarios(distDir));
const deps = await measureAll(dependencyScenarios());
const zodStyles = await measureAll(await zodStyleScenarios(distDir));

const print = (title, lines) => console.log(`\n${title}\n${lines.join("\n")}`);
print("Budgets (esbuild, browser, esm, minified; gzip -9; react external)", table(budgetColumns, ours));
print("Dependencies alone (reference)", table(sizeColumns, deps));
print("zod import styles (reference)", table(sizeColumns, zodStyles));

const [asBuilt, classic] = zodStyles;
if (!asBuilt.error && !classic.error) {
  console.log(`zod/mini saves ${kb(classic.gz - asBuilt.gz)} min+gz on the core bundle over classic "zod".`);
}
const warnings = zodWarnings(ours);
console.log(warnings.length > 0 ? warnings.join("\n") : 'zod: only "zod/mini" is imported and classic zod is not bundled (checked in the metafiles).');

for (const row of targetMisses(ours)) console.log(`target not met: ${row.name} is ${kb(row.gz)}, target ${kb(row.target)} (${kb(row.gz - row.target)} over)`);

const problems = [
  ...missing.map((name) => `INCOMPLETE: the build does not export ${name}; the budgets above are measured without it`),
  ...errorLines([...ours, ...deps, ...zodStyles]),
  ...ours.filter((row) => verdict(row) === "OVER").map((row) => `OVER: ${row.name} is ${kb(row.gz)}, budget ${kb(row.budget)}`),
];
if (problems.length > 0) {
  console.error(`\n${problems.join("\n")}`);
  process.exit(1);
}
console.log("\nsize: every budget met.");

// Checks, from esbuild's metafile, that the SDK pulls in zod only through `zod/mini`.

const CLASSIC = /(^|\/)node_modules\/zod\/(v4\/classic|v3)\//;
// zod/mini ships no locale by default; locales in a bundle mean the whole namespace was kept
// (e.g. `import * as z` re-exported across chunks), which esbuild cannot tree-shake.
const LOCALES = /(^|\/)node_modules\/zod\/v4\/locales\//;
const isZod = (path) => path === "zod" || path.startsWith("zod/");

/** Files with code in the output: `metafile.inputs` also lists files tree-shaken to nothing. */
const bundled = (metafile) =>
  new Set(Object.values(metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([p]) => p)));

/** Bundled files of classic zod (or zod 3), each with the first file outside them that imports it. */
export function classicZodIn(metafile) {
  const classic = [...bundled(metafile)].filter((path) => CLASSIC.test(path));
  const importers = Object.entries(metafile.inputs)
    .filter(([path]) => !CLASSIC.test(path))
    .flatMap(([path, input]) => input.imports.filter((i) => CLASSIC.test(i.path)).map((i) => `${path} -> ${i.original ?? i.path}`));
  return { files: classic, importers };
}

/** The zod specifiers the SDK's own code imports (from a build with dependencies external). */
export function zodSpecifiersOf(metafile) {
  const specifiers = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const i of output.imports) if (i.external && isZod(i.path)) specifiers.add(i.path);
  }
  return [...specifiers];
}

/** Warning lines (empty when clean) for the audited rows of a size run. */
export function zodWarnings(rows) {
  const warnings = [];
  for (const row of rows.filter((r) => r.audit && r.metafile)) {
    const { files, importers } = classicZodIn(row.metafile);
    if (files.length > 0) {
      warnings.push(`WARNING: "${row.name}" bundles full zod (classic): ${files.length} files, via ${importers[0] ?? "?"}`);
    }
    const locales = [...bundled(row.metafile)].filter((path) => LOCALES.test(path));
    if (locales.length > 0) {
      warnings.push(`WARNING: "${row.name}" bundles ${locales.length} zod locale files (zod/mini needs none: is the whole namespace kept, e.g. a re-exported \`import * as z\`?)`);
    }
    const other = zodSpecifiersOf(row.metafile).filter((s) => s !== "zod/mini");
    if (other.length > 0) warnings.push(`WARNING: "${row.name}" imports ${other.map((s) => `"${s}"`).join(", ")}, not only "zod/mini"`);
  }
  return warnings;
}

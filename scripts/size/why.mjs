// `node scripts/size/why.mjs`: where the SDK's own bytes go, by source file (deps external).
// Bundles src/ directly (no build needed), as the core + react entries would be used by an app.
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { ALWAYS_EXTERNAL } from "./measure.mjs";
import { repoRoot } from "./sdk-resolver.mjs";

const entry = `
export { createCoachingClient, createCoachingSession } from "./src/index.ts";
export { useCoachingSession, CoachingSessionProvider } from "./src/react/index.ts";
`;
const result = await esbuild.build({
  stdin: { contents: entry, resolveDir: repoRoot, sourcefile: "why-entry.ts", loader: "ts" },
  absWorkingDir: repoRoot,
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  minify: true,
  jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"' },
  external: ALWAYS_EXTERNAL,
  plugins: [{ name: "deps-external", setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (a.kind === "entry-point" ? undefined : { path: a.path, external: true })) }],
  write: false,
  metafile: true,
  outdir: "out",
  logLevel: "silent",
});
const [output] = Object.values(result.metafile.outputs);
const js = result.outputFiles[0].contents;
const rows = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
const folders = {};
for (const [path, i] of rows) folders[path.split("/").slice(0, 2).join("/")] = (folders[path.split("/").slice(0, 2).join("/")] ?? 0) + i.bytesInOutput;
console.log(`own code (core + react, deps external): ${(js.byteLength / 1000).toFixed(2)} kB min, ${(gzipSync(js, { level: 9 }).byteLength / 1000).toFixed(2)} kB min+gz\n`);
console.log("by folder (minified bytes, before gzip):");
for (const [folder, bytes] of Object.entries(folders).sort((a, b) => b[1] - a[1])) console.log(`  ${String(bytes).padStart(7)}  ${folder}`);
console.log("\nlargest files:");
for (const [path, i] of rows.slice(0, 15)) console.log(`  ${String(i.bytesInOutput).padStart(7)}  ${path}`);

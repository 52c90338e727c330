// Resolves `coaching-session-sdk` and its subpaths to the BUILT files, through the package's own
// `exports` map, so the size check measures what an npm user's bundler would get.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import * as esbuild from "esbuild";

export const repoRoot = resolve(import.meta.dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
const SDK = /^coaching-session-sdk(\/.*)?$/;

/** The built file for `specifier` (e.g. `coaching-session-sdk/react`), with `dist/` swapped for `distDir`. */
export function sdkFile(specifier, distDir) {
  const subpath = "." + specifier.slice(pkg.name.length);
  const target = pkg.exports[subpath]?.import?.default;
  if (!target) throw new Error(`package.json has no "exports[${subpath}].import" entry for ${specifier}`);
  const file = join(distDir, relative("dist", target));
  if (!existsSync(file)) throw new Error(`${relative(repoRoot, file) || file} not found: run \`npm run build\` first`);
  return file;
}

/**
 * The esbuild plugin: the SDK resolves to `distDir`, with the package's `sideEffects` flag applied
 * to every built file (also when `distDir` lies outside the repo). With `externalizeDeps`, every
 * other bare import becomes external, leaving the SDK's own code alone in the bundle.
 */
export function sdkPlugin({ distDir, externalizeDeps = false }) {
  const sideEffects = pkg.sideEffects !== false;
  const inDist = (path) => !relative(distDir, path).startsWith("..");
  return {
    name: "coaching-session-sdk",
    setup(build) {
      build.onResolve({ filter: SDK }, (args) => ({ path: sdkFile(args.path, distDir), sideEffects }));
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.importer || !inDist(args.importer)) return undefined;
        return { path: resolve(args.resolveDir, args.path), sideEffects };
      });
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === "entry-point" || isAbsolute(args.path)) return undefined;
        if (externalizeDeps) return { path: args.path, external: true };
        // Dependencies of built files come from the repo's node_modules, wherever `distDir` is.
        if (args.importer && inDist(args.importer)) return build.resolve(args.path, { kind: args.kind, resolveDir: repoRoot });
        return undefined;
      });
    },
  };
}

/** The named exports of one built ES module (read with esbuild, not executed). */
export async function exportsOf(file) {
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: false,
    write: false,
    metafile: true,
    format: "esm",
    outdir: "out",
    logLevel: "silent",
  });
  return new Set(Object.values(result.metafile.outputs).flatMap((output) => output.exports));
}

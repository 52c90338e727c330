// Bundles a tiny entry the way an app's production build would and reports min and min+gzip bytes.
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { repoRoot } from "./sdk-resolver.mjs";

/** Peers of every scenario: the app brings its own React. */
export const ALWAYS_EXTERNAL = ["react", "react-dom", "react/jsx-runtime"];

/**
 * @param {{ name: string, code: string, external?: string[], plugins?: esbuild.Plugin[] }} scenario
 * @returns {Promise<{ name: string, min: number, gz: number, metafile: esbuild.Metafile } | { name: string, error: string }>}
 */
export async function measure({ name, code, external = [], plugins = [] }) {
  try {
    const result = await esbuild.build({
      stdin: { contents: code, resolveDir: repoRoot, sourcefile: "size-entry.js", loader: "js" },
      absWorkingDir: repoRoot,
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      minify: true,
      treeShaking: true,
      // What every production build of an app defines; libraries drop their dev-only code on it.
      define: { "process.env.NODE_ENV": '"production"' },
      external: [...ALWAYS_EXTERNAL, ...external],
      plugins,
      write: false,
      metafile: true,
      outdir: "out",
      logLevel: "silent",
    });
    const js = result.outputFiles.find((file) => file.path.endsWith(".js"));
    return { name, min: js.contents.byteLength, gz: gzipSync(js.contents, { level: 9 }).byteLength, metafile: result.metafile };
  } catch (error) {
    const first = error.errors?.[0];
    return { name, error: first ? `${first.text}${first.location ? ` (${first.location.file})` : ""}` : String(error.message ?? error) };
  }
}

/** Measures scenarios one after another (2 cores: parallel esbuild runs only contend). */
export async function measureAll(scenarios) {
  const results = [];
  for (const scenario of scenarios) results.push({ ...scenario, ...(await measure(scenario)) });
  return results;
}

import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const fromRepo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * The example imports the SDK by its package name, as an app would. The aliases point those names
 * at the repository's TypeScript sources, so `npm run demo` and the browser tests work right after
 * `npm ci`, without a package build, and always run the code under review (never a stale dist).
 * The published build has its own checks (publint, attw, the consumer typecheck).
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // Relative asset URLs: the built page works from any path of any static server.
  base: "./",
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^coaching-session-sdk\/react$/, replacement: fromRepo("src/react/index.ts") },
      { find: /^coaching-session-sdk$/, replacement: fromRepo("src/index.ts") },
    ],
    dedupe: ["react", "react-dom", "xstate"],
  },
  server: {
    host: "127.0.0.1",
    fs: { allow: [repoRoot] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    // No inline module-preload polyfill or inline scripts: the page runs under `script-src 'self'`.
    modulePreload: { polyfill: false },
  },
});

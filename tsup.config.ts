import { defineConfig } from "tsup";

// One build, four public entries. The test kit and the Node server are built apart from the core
// so browser bundles of the core never pull msw or `ws` in (external peers stay external).
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "react/index": "src/react/index.ts",
    "contract/index": "src/contract/index.ts",
    "testing/index": "src/testing/index.ts",
    "testing/server/index": "src/testing/server/index.ts",
    cli: "src/cli.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  treeshake: true,
  splitting: true,
  external: ["react", "msw", "ws"],
});

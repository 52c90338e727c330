import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The test kit's tests against msw 3 (the `msw3` alias devDependency) instead of msw 2:
 * `npm run test:msw3`. msw 3 needs Node >= 22.12, so this run does too; the usual run covers msw 2.
 */
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  throw new Error(`test:msw3 needs Node >= 22.12 (msw 3's engines); this is Node ${process.versions.node}. Run: npx -y -p node@22 npm run test:msw3`);
}

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  // Every `msw` and `msw/...` import, in the kit's source and in its tests, gets msw 3.
  resolve: { alias: [{ find: /^msw(\/.*)?$/, replacement: "msw3$1" }] },
  test: {
    include: ["test/testing/**/*.test.ts"],
    env: { MSW_MAJOR: "3" },
    testTimeout: 15_000,
    hookTimeout: 15_000,
    restoreMocks: true,
  },
});

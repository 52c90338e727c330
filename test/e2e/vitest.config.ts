import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Browser tests: Debian's Chromium (driven by playwright-core) against `npm run demo`, i.e. the
 * built React example on a static server with a strict CSP and the real mock backend.
 * `npx vitest run --config test/e2e/vitest.config.ts`
 */
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    // One backend for the whole run, reset before every test: files must not overlap.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 15_000,
  },
});

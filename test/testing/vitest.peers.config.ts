import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The test kit's tests against other versions of its peers, installed as npm alias
 * devDependencies, chosen with `--mode`:
 * - `msw3`: msw 3 instead of msw 2 (`npm run test:msw3`; msw 3 needs Node >= 22.12);
 * - `floors`: the lowest versions the peer ranges allow, msw 2.10.0 and ws 8.0.0 (`npm run test:peer-floors`).
 * The usual run covers the devDependencies (msw 2.15, ws 8.x).
 */
const RUNS: Record<string, { msw: string; ws?: string; minNode?: [number, number] }> = {
  msw3: { msw: "msw3", minNode: [22, 12] },
  floors: { msw: "msw-floor", ws: "ws-floor" },
};

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig(({ mode }) => {
  const run = RUNS[mode];
  if (!run) throw new Error(`Pick the peer versions with --mode ${Object.keys(RUNS).join(" | ")} (got "${mode}").`);
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (run.minNode && (major < run.minNode[0] || (major === run.minNode[0] && minor < run.minNode[1]))) {
    throw new Error(`--mode ${mode} needs Node >= ${run.minNode.join(".")}; this is Node ${process.versions.node}. Run it with: npx -y -p node@22 npm run test:msw3`);
  }
  const { version: mswVersion } = JSON.parse(readFileSync(`${root}node_modules/${run.msw}/package.json`, "utf8"));
  return {
    root,
    // Every `msw`, `msw/...` (and `ws`) import, in the kit's source and in its tests, gets the aliased package.
    resolve: {
      alias: [
        { find: /^msw(\/.*)?$/, replacement: `${run.msw}$1` },
        ...(run.ws ? [{ find: /^ws$/, replacement: run.ws }] : []),
      ],
    },
    test: {
      include: ["test/testing/**/*.test.ts"],
      // Node 20 has no global WebSocket; msw's ws interceptor patches the global one.
      execArgv: major < 22 ? ["--experimental-websocket"] : [],
      env: { MSW_PACKAGE: run.msw, MSW_VERSION: mswVersion },
      testTimeout: 15_000,
      hookTimeout: 15_000,
      restoreMocks: true,
    },
  };
});

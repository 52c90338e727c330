import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    // Node 20 has no global WebSocket; msw's ws interceptor patches the global one.
    execArgv: ["--experimental-websocket"],
    testTimeout: 15_000,
    hookTimeout: 15_000,
    restoreMocks: true,
  },
});

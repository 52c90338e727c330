#!/usr/bin/env node
// `npm run demo`: builds the React example, starts the mock coaching backend (HTTP + WebSocket +
// /__admin) and serves the page under a strict CSP. Ctrl+C (or SIGTERM) closes everything, exit 0.
//
// The mock server is loaded from the TypeScript sources through Vite's module runner, so the
// demo works right after `npm ci` on a fresh clone: no `npm run build`, and never a stale dist.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startStaticServer } from "./demo-static-server.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const exampleDir = fileURLToPath(new URL("../examples/react/", import.meta.url));
const distDir = `${exampleDir}dist`;

const HELP = `Usage: npm run demo -- [options]

  --port <n>       page port (0 = any free port)           [default: 4173]
  --api-port <n>   mock backend port (0 = any free port)   [default: 8787]
  --host <h>       interface to bind                       [default: 127.0.0.1]
  --delay <ms>     how long each coach reply takes         [default: 900]
  --turns <n>      the reply to this message is final      [default: 3]
  --skip-build     serve the existing examples/react/dist
  --json           print the URLs as one JSON line (for scripts and tests)
`;

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "4173" },
    "api-port": { type: "string", default: "8787" },
    host: { type: "string", default: "127.0.0.1" },
    delay: { type: "string", default: "900" },
    turns: { type: "string", default: "3" },
    "skip-build": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const number = (name, min, max) => {
  const text = /** @type {string} */ (args[name]);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    process.stderr.write(`--${name} must be an integer from ${min} to ${max}.\n\n${HELP}`);
    process.exit(1);
  }
  return value;
};
const options = {
  port: number("port", 0, 65535),
  apiPort: number("api-port", 0, 65535),
  delay: number("delay", 0, 600_000),
  turns: number("turns", 1, 1000),
  host: /** @type {string} */ (args.host),
};

const log = (text) => {
  if (!args.json) process.stdout.write(`${text}\n`);
};

/** @type {Array<() => Promise<void>>} closes, most recent first */
const running = [];
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (code === 0) log("\nStopping the demo...");
  // A close that hangs must not keep the terminal hostage.
  setTimeout(() => {
    process.stderr.write("The demo did not stop within 5 s; exiting.\n");
    process.exit(1);
  }, 5_000).unref();
  for (const close of running.reverse()) {
    try {
      await close();
    } catch (error) {
      process.stderr.write(`While stopping: ${error instanceof Error ? error.message : String(error)}\n`);
      code = 1;
    }
  }
  process.exitCode = code;
}

// `on`, not `once`: the bundler loads signal-exit, which re-raises a signal when its own listener
// is the only one left, and a `once` listener is removed before it runs.
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

try {
  const vite = await import("vite");
  if (!args["skip-build"] || !existsSync(`${distDir}/index.html`)) {
    log("Building examples/react ...");
    // A production build even when started from a test runner (vitest sets NODE_ENV=test, and
    // Vite then bundles React's development build).
    process.env.NODE_ENV = "production";
    await vite.build({ configFile: `${exampleDir}vite.config.ts`, mode: "production", logLevel: "warn" });
  }
  if (stopping) process.exit(process.exitCode ?? 0);

  // A module runner that stays open until the demo stops (not `runnerImport`, which closes it at
  // once): the kit imports `ws` only when the server starts.
  const sources = await vite.createServer({ root: repo, configFile: false, logLevel: "warn", appType: "custom", server: { middlewareMode: true, hmr: false, ws: false } });
  running.push(() => sources.close());
  const serverKit = await sources.ssrLoadModule(`${repo}src/testing/server/index.ts`);
  const mock = await serverKit.startMockCoachingServer({
    host: options.host,
    port: options.apiPort,
    processingDelayMs: options.delay,
    turnsUntilFinal: options.turns,
  });
  running.push(() => mock.close());

  const page = await startStaticServer({
    root: distDir,
    host: options.host,
    port: options.port,
    config: { apiUrl: mock.url, socketUrl: mock.socketUrl },
    connectSources: [new URL(mock.url).origin, new URL(mock.socketUrl).origin],
  });
  running.push(() => page.close());
  if (stopping) {
    // A signal arrived while starting: the handler saw an empty list, so close what started now.
    for (const close of running.reverse()) await close();
  } else if (args.json) {
    process.stdout.write(`${JSON.stringify({ pageUrl: page.url, apiUrl: mock.url, socketUrl: mock.socketUrl, adminUrl: mock.adminUrl })}\n`);
  } else {
    log(
      [
        "",
        "Coaching demo running",
        `  Page:      ${page.url}`,
        `  API:       ${mock.url}`,
        `  WebSocket: ${mock.socketUrl}`,
        `  Admin:     ${mock.adminUrl}  (POST /__admin/<command>, GET /__admin/state)`,
        "",
        `Try a fault: curl -X POST ${mock.adminUrl}/dropSockets`,
        "Press Ctrl+C to stop.",
      ].join("\n"),
    );
  }
} catch (error) {
  process.stderr.write(`The demo could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  await stop(1);
}

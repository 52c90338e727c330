import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import type { DemoUrls } from "./support/demo-urls.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const START_TIMEOUT_MS = 45_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Runs `scripts/demo.mjs` exactly as `npm run demo` does (fresh build, mock backend, static server
 * with CSP), on free ports, and stops it with SIGTERM afterwards. The demo must exit 0.
 */
export default async function setup(project: TestProject) {
  const demo = spawn(process.execPath, ["scripts/demo.mjs", "--port", "0", "--api-port", "0", "--delay", "300", "--turns", "3", "--json"], {
    cwd: repo,
    stdio: ["ignore", "pipe", "pipe"],
    // Not vitest's NODE_ENV=test: the demo is what a user runs.
    env: { ...process.env, NODE_ENV: undefined },
  });
  let stderr = "";
  demo.stderr!.on("data", (chunk) => (stderr += chunk));

  const urls = await readUrls(demo, () => stderr);
  project.provide("demo", urls);

  return async () => {
    if (demo.exitCode !== null) throw new Error(`The demo exited early with ${demo.exitCode}:\n${stderr}`);
    const exited = once(demo, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    demo.kill("SIGTERM");
    const timer = setTimeout(() => demo.kill("SIGKILL"), STOP_TIMEOUT_MS);
    const [code, signal] = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`The demo did not stop cleanly on SIGTERM (code ${code}, signal ${signal}):\n${stderr}`);
  };
}

async function readUrls(demo: ChildProcess, stderr: () => string): Promise<DemoUrls> {
  const lines = createInterface({ input: demo.stdout! });
  const timeout = setTimeout(() => demo.kill("SIGKILL"), START_TIMEOUT_MS);
  try {
    for await (const line of lines) {
      if (line.startsWith("{")) return JSON.parse(line) as DemoUrls;
    }
    throw new Error(`The demo exited before printing its URLs (code ${demo.exitCode}):\n${stderr()}`);
  } finally {
    clearTimeout(timeout);
    lines.close();
  }
}

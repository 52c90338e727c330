import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("../chaos-servers.mjs", import.meta.url));

/** Forks scripts/soak/chaos-servers.mjs and talks to it with request/response messages over IPC. */
export function startServerProcess({ maxLifetimeMs }) {
  const child = fork(SCRIPT, [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [],
    env: { ...process.env, SOAK_SERVER_MAX_MS: String(maxLifetimeMs) },
  });
  let nextId = 0;
  const waiting = new Map();
  let exited = false;
  child.on("message", (message) => {
    const entry = waiting.get(message.reqId);
    if (!entry) return;
    waiting.delete(message.reqId);
    clearTimeout(entry.timer);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(new Error(`server process: ${message.error}`));
  });
  child.on("exit", (code, signal) => {
    exited = true;
    for (const entry of waiting.values()) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`server process exited (${code ?? signal})`));
    }
    waiting.clear();
  });
  const call = (type, payload = {}, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error("server process is gone"));
      const reqId = ++nextId;
      const timer = setTimeout(() => {
        waiting.delete(reqId);
        reject(new Error(`server process did not answer ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(reqId, { resolve, reject, timer });
      child.send({ ...payload, type, reqId });
    });
  return {
    call,
    pid: child.pid,
    /** Stops the servers and waits for the process to exit; kills it (by pid) if it does not. */
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      try {
        await call("stop", {}, 5_000);
      } catch {
        // fall through to the kill below
      }
      const timer = setTimeout(() => {
        if (!exited) child.kill("SIGKILL");
      }, 5_000);
      await gone;
      clearTimeout(timer);
    },
    kill() {
      if (!exited) child.kill("SIGKILL");
    },
  };
}

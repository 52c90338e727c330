// Runs npm as a consumer would: without the `npm_*` settings `npm run` hands to this script,
// so the project's own configuration never leaks into a fixture's install.
import { spawn } from "node:child_process";

const consumerEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

/**
 * @param {string[]} args
 * @param {{ cwd: string }} options
 * @returns {Promise<{ stdout: string, stderr: string }>} rejects with an Error carrying `stderr`
 */
export function npm(args, { cwd }) {
  return run("npm", args, { cwd, env: consumerEnv() });
}

/** Spawns `command`, collects its output, rejects on a non-zero exit. */
export function run(command, args, { cwd, env = process.env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) return resolve({ stdout, stderr });
      const error = new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`);
      Object.assign(error, { stdout, stderr });
      reject(error);
    });
  });
}

/** An error from `run` as report lines: what ran and how it ended, then the first lines it printed to stderr. */
export function errorLines(error) {
  const stderr = String(error?.stderr ?? "").split("\n").filter((line) => line.trim() !== "");
  return [String(error?.message ?? error), ...stderr.slice(0, 25)];
}

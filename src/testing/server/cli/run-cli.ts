import { MockKitError } from "../../errors/mock-kit-error.js";
import { startMockCoachingServer } from "../start-mock-server.js";
import { HELP_TEXT, parseCliArgs, type MockServerCliOptions } from "./parse-cli-args.js";

/** Where the CLI writes and how it learns to stop; injected so tests need no child process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Calls `stop` on SIGINT or SIGTERM; returns a function that removes the listeners. */
  onStopSignal(stop: () => void): () => void;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  onStopSignal(stop) {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    };
  },
};

/**
 * The `coaching-session-sdk` command. Resolves with the exit code once the command is done;
 * `mock-server` is done when a stop signal arrives and the server has closed.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === "help") {
    io.stdout(HELP_TEXT);
    return 0;
  }
  if (parsed.kind === "error") {
    io.stderr(`${parsed.message}\n\n${HELP_TEXT}`);
    return 1;
  }
  if (parsed.options.help) {
    io.stdout(HELP_TEXT);
    return 0;
  }
  return runMockServer(parsed.options, io);
}

async function runMockServer(options: MockServerCliOptions, io: CliIo): Promise<number> {
  let server;
  try {
    server = await startMockCoachingServer({
      port: options.port,
      host: options.host,
      ...(options.delayMs !== undefined ? { processingDelayMs: options.delayMs } : {}),
      ...(options.turns !== undefined ? { turnsUntilFinal: options.turns } : {}),
      streaming: {
        ...(options.chunks !== undefined ? { chunkCount: options.chunks } : {}),
        ...(options.chunkIntervalMs !== undefined ? { chunkIntervalMs: options.chunkIntervalMs } : {}),
      },
    });
  } catch (error) {
    // The kit's own errors (a missing `ws`, say) already say what to do, in one line.
    if (error instanceof MockKitError) io.stderr(`${error.message}\n`);
    else io.stderr(`Could not start the mock server on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.stdout(
    [
      "Mock coaching backend running",
      `  API:       ${server.url}`,
      `  WebSocket: ${server.socketUrl}`,
      `  Admin:     ${server.adminUrl}  (POST /__admin/<command>, GET /__admin/state)`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const removeListeners = io.onStopSignal(() => {
      removeListeners();
      resolve();
    });
  });
  io.stdout("Stopping the mock server...\n");
  await server.close();
  return 0;
}

export interface MockServerCliOptions {
  port: number;
  host: string;
  delayMs: number | undefined;
  turns: number | undefined;
  /** Streaming chunk count; 0 turns streaming off. */
  chunks: number | undefined;
  chunkIntervalMs: number | undefined;
  help: boolean;
}

export type ParsedCli =
  | { kind: "help" }
  | { kind: "mock-server"; options: MockServerCliOptions }
  | { kind: "error"; message: string };

const FLAGS = new Set(["--port", "--host", "--delay", "--turns", "--chunks", "--chunk-interval"]);

/** Reads `mock-server [--port n] [--host h] [--delay ms] [--turns n] [--chunks n] [--chunk-interval ms]`; `--flag=value` works too. */
export function parseCliArgs(argv: readonly string[]): ParsedCli {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") return { kind: "help" };
  if (command !== "mock-server") return { kind: "error", message: `Unknown command "${command}".` };

  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!FLAGS.has(flag)) return { kind: "error", message: `Unknown option "${arg}".` };
    const value = inline ?? rest[++i];
    if (value === undefined) return { kind: "error", message: `Option ${flag} needs a value.` };
    values.set(flag, value);
  }

  const port = integer(values.get("--port") ?? "8787", 0, 65535);
  const delay = values.has("--delay") ? integer(values.get("--delay")!, 0, 3_600_000) : undefined;
  const turns = values.has("--turns") ? integer(values.get("--turns")!, 1, 1000) : undefined;
  const chunks = values.has("--chunks") ? integer(values.get("--chunks")!, 0, 1000) : undefined;
  const chunkInterval = values.has("--chunk-interval") ? integer(values.get("--chunk-interval")!, 0, 3_600_000) : undefined;
  if (port === null) return { kind: "error", message: "--port must be an integer from 0 to 65535." };
  if (delay === null) return { kind: "error", message: "--delay must be a number of milliseconds." };
  if (turns === null) return { kind: "error", message: "--turns must be an integer of at least 1." };
  if (chunks === null) return { kind: "error", message: "--chunks must be an integer from 0 (no streaming) to 1000." };
  if (chunkInterval === null) return { kind: "error", message: "--chunk-interval must be a number of milliseconds." };
  return {
    kind: "mock-server",
    options: { port, host: values.get("--host") ?? "127.0.0.1", delayMs: delay, turns, chunks, chunkIntervalMs: chunkInterval, help },
  };
}

function integer(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

export const HELP_TEXT = `Usage: coaching-session-sdk <command> [options]

Commands:
  mock-server   Run the mock coaching backend (HTTP + WebSocket + /__admin API)
  help          Show this help

mock-server options:
  --port <n>    Port to listen on (0 = any free port)  [default: 8787]
  --host <h>    Interface to bind                      [default: 127.0.0.1]
  --delay <ms>  How long each coach reply takes         [default: 20]
  --turns <n>   The reply to this message is final      [default: 3]
  --chunks <n>  Stream each reply in up to n chunks     [default: 4]
                (0: whole replies only, as in contract v1)
  --chunk-interval <ms>
                Time between chunks   [default: the second half of --delay, split evenly]
`;

import { MockKitError } from "../errors/mock-kit-error.js";

/** How the mock streams replies (contract v1.1). */
export interface StreamingOptions {
  /** The most chunks a reply is sent in (a reply with fewer words gets fewer). `0` turns streaming off. @default 4 */
  chunkCount?: number;
  /**
   * Time between chunks, counted from the moment the job is PROCESSING. When the chunks take
   * longer than the processing delay, the job completes right after its last chunk.
   * @default the PROCESSING half of `processingDelayMs`, split evenly around the chunks
   */
  chunkIntervalMs?: number;
}

/** `chunkCount: 0` is streaming off: the one place that fact lives. */
export interface ResolvedStreaming {
  chunkCount: number;
  /** `null`: derived from the job's processing delay. */
  chunkIntervalMs: number | null;
}

export const DEFAULT_CHUNK_COUNT = 4;

/** `true`/`undefined` → defaults, `false` → off; refuses counts and intervals that are not numbers ≥ 0. */
export function resolveStreaming(streaming: boolean | StreamingOptions | undefined): ResolvedStreaming {
  if (streaming === false) return { chunkCount: 0, chunkIntervalMs: null };
  if (streaming === undefined || streaming === true) return { chunkCount: DEFAULT_CHUNK_COUNT, chunkIntervalMs: null };
  if (typeof streaming !== "object" || streaming === null) throw invalid("streaming", "true, false or { chunkCount?, chunkIntervalMs? }");
  return {
    chunkCount: streaming.chunkCount === undefined ? DEFAULT_CHUNK_COUNT : Math.floor(nonNegative(streaming.chunkCount, "chunkCount")),
    chunkIntervalMs: streaming.chunkIntervalMs === undefined ? null : nonNegative(streaming.chunkIntervalMs, "chunkIntervalMs"),
  };
}

function nonNegative(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw invalid(name, "a number of at least 0");
  return value;
}

function invalid(name: string, expected: string): MockKitError {
  return new MockKitError("INVALID_OPTION", `streaming option \`${name}\` must be ${expected}.`);
}

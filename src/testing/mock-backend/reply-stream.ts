import type { ResolvedStreaming } from "./streaming-options.js";

/**
 * Cuts a reply into at most `count` chunks at word boundaries, so each delta reads naturally
 * and the deltas joined in order give back the text exactly. Fewer words, fewer chunks.
 *
 * @example
 * splitIntoChunks("one two three", 2) // ["one ", "two three"]
 */
export function splitIntoChunks(text: string, count: number): string[] {
  // A word with the whitespace after it; whitespace leading the text is a token of its own.
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const n = Math.min(Math.max(0, count), words.length);
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    chunks.push(words.slice(Math.floor((i * words.length) / n), Math.floor(((i + 1) * words.length) / n)).join(""));
  }
  return chunks;
}

/** When a job's steps happen, in ms after it was queued. */
export interface JobSchedule {
  processingAt: number;
  /** One slot per possible chunk; `chunkAt[k - 1]` is chunk k's. Empty when not streaming. */
  chunkAt: number[];
  finishAt: number;
}

/**
 * PROCESSING at half the delay and done at the full delay, as in v1; chunks fall between the
 * two, evenly spaced unless `chunkIntervalMs` is set. Integer times, so equal times keep the
 * order the timers were set in (start, chunks, finish).
 */
export function planJob(delayMs: number, streaming: ResolvedStreaming): JobSchedule {
  const processingAt = Math.floor(delayMs / 2);
  const n = streaming.chunkCount;
  const interval = streaming.chunkIntervalMs;
  const chunkAt = Array.from({ length: n }, (_, i) =>
    interval === null ? processingAt + Math.floor(((i + 1) * (delayMs - processingAt)) / (n + 1)) : processingAt + Math.round((i + 1) * interval),
  );
  return { processingAt, chunkAt, finishAt: Math.max(delayMs, ...chunkAt) };
}

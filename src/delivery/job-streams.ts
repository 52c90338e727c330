import type { Logger } from "../shared/logger.js";
import type { TimerHandle, Timers } from "../shared/timers.js";

/** A reply's text so far: chunks 1..`seq`, joined in order. */
export interface StreamedText {
  seq: number;
  text: string;
}

/**
 * Assembles streamed replies (v1.1 `job.progress`) per job: duplicates count once, a chunk that
 * arrives early waits for the one before it, and a gap that does not fill within `gapMs` asks for
 * the job's cumulative text (`onGap`, a poll). Only contiguous text is ever reported, so every
 * text shown is a prefix of the reply. Holds state for the jobs it is told about, until `forget`.
 */
export interface JobStreams {
  /** A chunk arrived; returns the grown text, or null when nothing new can be shown. */
  chunk(jobId: string, seq: number, delta: string): StreamedText | null;
  /** The job's cumulative text from a poll; returns it when it is newer than what was shown. */
  partial(jobId: string, partial: StreamedText): StreamedText | null;
  /** The text assembled so far (empty when none is), or null when the job has no stream. */
  current(jobId: string): StreamedText | null;
  forget(jobId: string): void;
  clear(): void;
}

export interface JobStreamsOptions {
  timers: Timers;
  logger: Logger;
  gapMs: number;
  onGap(jobId: string): void;
}

/** Chunks held per job while waiting for a missing one: beyond this, later chunks are dropped (the poll heals it). */
const MAX_BUFFERED = 256;

interface Stream extends StreamedText {
  early: Map<number, string>;
  gapTimer: TimerHandle | null;
}

export function createJobStreams(options: JobStreamsOptions): JobStreams {
  const { timers, logger } = options;
  const streams = new Map<string, Stream>();

  const streamOf = (jobId: string) => {
    let stream = streams.get(jobId);
    if (!stream) streams.set(jobId, (stream = { seq: 0, text: "", early: new Map(), gapTimer: null }));
    return stream;
  };

  const clearGap = (stream: Stream) => {
    if (stream.gapTimer !== null) timers.clearTimeout(stream.gapTimer);
    stream.gapTimer = null;
  };

  /** Arms the gap timer while chunks wait for a missing one (unless it runs already), else clears it. */
  const awaitGap = (jobId: string, stream: Stream) => {
    if (stream.early.size === 0) return clearGap(stream);
    stream.gapTimer ??= timers.setTimeout(() => {
      stream.gapTimer = null;
      options.onGap(jobId);
    }, options.gapMs);
  };

  /** Appends the chunks that now follow on, and arms or clears the gap timer. */
  const settle = (jobId: string, stream: Stream): StreamedText => {
    for (let next = stream.early.get(stream.seq + 1); next !== undefined; next = stream.early.get(stream.seq + 1)) {
      stream.early.delete(stream.seq + 1);
      stream.text += next;
      stream.seq += 1;
    }
    for (const seq of stream.early.keys()) if (seq <= stream.seq) stream.early.delete(seq);
    awaitGap(jobId, stream);
    return { seq: stream.seq, text: stream.text };
  };

  return {
    chunk(jobId, seq, delta) {
      if (!Number.isSafeInteger(seq) || seq < 1) {
        logger.warn("delivery: skipped a progress chunk with an invalid seq", { jobId, seq });
        return null;
      }
      const stream = streamOf(jobId);
      if (seq <= stream.seq || stream.early.has(seq)) return null;
      if (seq > stream.seq + 1) {
        if (stream.early.size < MAX_BUFFERED) stream.early.set(seq, delta);
        settle(jobId, stream);
        return null;
      }
      stream.text += delta;
      stream.seq = seq;
      return settle(jobId, stream);
    },
    partial(jobId, { seq, text }) {
      const stream = streamOf(jobId);
      if (!Number.isSafeInteger(seq) || seq < 0 || seq <= stream.seq) {
        if (seq < stream.seq) logger.warn("delivery: skipped a partial reply older than the text already shown", { jobId, seq, shown: stream.seq });
        // The answer to the gap's poll could not fill it (the poll left before the gap opened, or
        // the server's text lags): the gap waits again and asks again, as a partial too short would.
        awaitGap(jobId, stream);
        return null;
      }
      if (!text.startsWith(stream.text)) logger.warn("delivery: a job's partial reply does not extend the chunks received; showing the server's", { jobId, seq });
      stream.text = text;
      stream.seq = seq;
      return settle(jobId, stream);
    },
    current(jobId) {
      const stream = streams.get(jobId);
      return stream ? { seq: stream.seq, text: stream.text } : null;
    },
    forget(jobId) {
      const stream = streams.get(jobId);
      if (!stream) return;
      clearGap(stream);
      streams.delete(jobId);
    },
    clear() {
      for (const jobId of [...streams.keys()]) this.forget(jobId);
    },
  };
}

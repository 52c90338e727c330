/**
 * What arrived about jobs not tracked yet. The socket can report a completion, or the first
 * chunks of a streamed reply, before the `202` of the send reaches the client (and so before
 * `track()`); keeping them briefly lets `track()` use them instead of waiting for a poll. Bounded:
 * past `limit` entries or `ttlMs` the oldest go, through `onDrop`.
 */
export interface EarlyReports<T> {
  /** Keeps (or replaces) the report for this job, as the newest. */
  remember(jobId: string, report: T): void;
  has(jobId: string): boolean;
  /** Returns and forgets the report for this job, if one arrived recently enough. */
  take(jobId: string): T | undefined;
  /** Drops the reports that waited too long. */
  prune(): void;
  clear(): void;
}

export interface EarlyReportsOptions {
  /** How many reports are kept at most; the oldest go first. */
  limit: number;
  /** How long a report waits for its `track()`. */
  ttlMs: number;
  now: () => number;
  /** A report dropped unclaimed (over the limit, or too old). */
  onDrop?: (jobId: string) => void;
}

export function createEarlyReports<T>({ limit, ttlMs, now, onDrop }: EarlyReportsOptions): EarlyReports<T> {
  // Insertion order is arrival order, so the oldest entry is always first.
  const entries = new Map<string, { report: T; at: number }>();

  const prune = () => {
    const oldestAllowed = now() - ttlMs;
    for (const [jobId, entry] of entries) {
      if (entries.size <= limit && entry.at >= oldestAllowed) break;
      entries.delete(jobId);
      onDrop?.(jobId);
    }
  };

  return {
    remember(jobId, report) {
      entries.delete(jobId);
      entries.set(jobId, { report, at: now() });
      prune();
    },
    has: (jobId) => entries.has(jobId),
    take(jobId) {
      const entry = entries.get(jobId);
      if (!entry) return undefined;
      entries.delete(jobId);
      return now() - entry.at <= ttlMs ? entry.report : undefined;
    },
    prune,
    clear: () => entries.clear(),
  };
}

import type { JobOutcome } from "./job-outcome.js";

/**
 * Outcomes that arrived for jobs not tracked yet. The socket can report a completion before the
 * `202` of the send reaches the client (and so before `track()`); keeping it briefly lets
 * `track()` apply it instead of waiting for a poll.
 */
export interface EarlyOutcomes {
  remember(jobId: string, outcome: JobOutcome): void;
  /** Returns and forgets the outcome for this job, if one arrived recently enough. */
  take(jobId: string): JobOutcome | undefined;
}

export interface EarlyOutcomesOptions {
  /** How many outcomes are kept at most; the oldest go first. */
  limit: number;
  /** How long an outcome waits for its `track()`. */
  ttlMs: number;
  now: () => number;
}

export function createEarlyOutcomes({ limit, ttlMs, now }: EarlyOutcomesOptions): EarlyOutcomes {
  // Insertion order is arrival order, so the oldest entry is always first.
  const entries = new Map<string, { outcome: JobOutcome; at: number }>();

  const prune = () => {
    const oldestAllowed = now() - ttlMs;
    for (const [jobId, entry] of entries) {
      if (entries.size <= limit && entry.at >= oldestAllowed) break;
      entries.delete(jobId);
    }
  };

  return {
    remember(jobId, outcome) {
      entries.delete(jobId);
      entries.set(jobId, { outcome, at: now() });
      prune();
    },
    take(jobId) {
      const entry = entries.get(jobId);
      if (!entry) return undefined;
      entries.delete(jobId);
      return now() - entry.at <= ttlMs ? entry.outcome : undefined;
    },
  };
}

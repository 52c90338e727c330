import type { Logger } from "../shared/logger.js";
import type { KeyValueStorage } from "../shared/storage.js";
import { createBoundedIdSet } from "./bounded-id-set.js";
import { createPendingJobStore } from "./pending-job-store.js";
import type { TrackedJob } from "./types.js";

/** How many jobs given up on at their deadline still have a late reply delivered. */
const TIMED_OUT_LIMIT = 100;

export interface PendingJobsOptions {
  storage: KeyValueStorage;
  userKey: string | undefined;
  /** How many settled job ids are remembered (bounded). */
  rememberIds: number;
  logger: Logger;
  now(): number;
}

/**
 * The one owner of which jobs are awaited: tracked here, or restored from storage after a reload
 * (and not trusted until their session is watched), kept in storage until they settle. Settling
 * is once per job; a job given up on at its deadline stays open to its late reply.
 */
export interface PendingJobs {
  get(jobId: string): TrackedJob | undefined;
  has(jobId: string): boolean;
  /** Settled for good: later reports of it are stale. */
  isSettled(jobId: string): boolean;
  /** Known to this page: pending, settled, or timed out (a report of it is no surprise). */
  isKnown(jobId: string): boolean;
  /** Starts awaiting a job; returns it, or null when it is known already (see `vouch`). */
  add(input: Omit<TrackedJob, "trackedAt"> & { trackedAt?: number | undefined }): TrackedJob | null;
  /** The app tracks a restored job again: returns it when that made it trusted. */
  vouch(jobId: string): TrackedJob | null;
  /** Restored jobs of this session are this user's (their session was given to us): trusted now. */
  adopt(sessionId: string): TrackedJob[];
  /** Trusted pending jobs: tracked here, or restored and adopted. */
  trusted(): TrackedJob[];
  /**
   * Takes the job out for an outcome: a pending job, or (for a completion only) one timed out.
   * `timedOut: true` leaves it open to a late completion instead of settling it for good.
   */
  take(jobId: string, outcome: { completed: boolean; timedOut: boolean }): TrackedJob | null;
  /** Forgets a job without an outcome (untracked). */
  drop(jobId: string): boolean;
  /** Pending jobs, restored ones included. */
  all(): TrackedJob[];
  /** Ids of the session's jobs, pending or timed out. */
  idsOfSession(sessionId: string): string[];
}

export function createPendingJobs(options: PendingJobsOptions): PendingJobs {
  const store = createPendingJobStore(options.storage, { userKey: options.userKey, logger: options.logger, now: options.now });
  const pending = new Map<string, TrackedJob>(store.load().map((job) => [job.jobId, job]));
  const restored = new Set(pending.keys());
  const settled = createBoundedIdSet(options.rememberIds);
  const timedOut = new Map<string, TrackedJob>();

  const drop = (jobId: string) => {
    restored.delete(jobId);
    if (!pending.delete(jobId)) return false;
    store.remove([jobId]);
    return true;
  };

  return {
    get: (jobId) => pending.get(jobId),
    has: (jobId) => pending.has(jobId),
    isSettled: (jobId) => settled.has(jobId),
    isKnown: (jobId) => pending.has(jobId) || settled.has(jobId) || timedOut.has(jobId),
    add(input) {
      if (settled.has(input.jobId) || pending.has(input.jobId)) return null;
      timedOut.delete(input.jobId);
      const job: TrackedJob = { jobId: input.jobId, sessionId: input.sessionId, trackedAt: input.trackedAt ?? options.now() };
      if (input.clientMessageId !== undefined) job.clientMessageId = input.clientMessageId;
      pending.set(job.jobId, job);
      store.put(job);
      return job;
    },
    vouch: (jobId) => (restored.delete(jobId) ? pending.get(jobId)! : null),
    adopt(sessionId) {
      const adopted: TrackedJob[] = [];
      for (const jobId of restored) {
        const job = pending.get(jobId)!;
        if (job.sessionId !== sessionId) continue;
        restored.delete(jobId);
        adopted.push(job);
      }
      return adopted;
    },
    trusted: () => [...pending.values()].filter((job) => !restored.has(job.jobId)),
    take(jobId, outcome) {
      const job = pending.get(jobId) ?? (outcome.completed ? timedOut.get(jobId) : undefined);
      if (!job) return null;
      drop(jobId);
      if (outcome.timedOut) {
        timedOut.set(jobId, job);
        if (timedOut.size > TIMED_OUT_LIMIT) timedOut.delete(timedOut.keys().next().value!);
      } else {
        timedOut.delete(jobId);
        settled.add(jobId);
      }
      return job;
    },
    drop(jobId) {
      timedOut.delete(jobId);
      return drop(jobId);
    },
    all: () => [...pending.values()],
    idsOfSession: (sessionId) => [...pending.values(), ...timedOut.values()].filter((job) => job.sessionId === sessionId).map((job) => job.jobId),
  };
}

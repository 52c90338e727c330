import { readJson, writeJson, type KeyValueStorage } from "../shared/storage.js";
import type { TrackedJob } from "./types.js";

/**
 * A persisted pending job. Each entry is checked on its own so one bad entry loses only itself.
 * A plain guard rather than a zod schema: the check is a few `typeof` tests, and a schema would
 * pull zod's number, `minLength` and `refine` code into every app bundle (~0.7 kB min+gz).
 */
function isTrackedJob(value: unknown): value is TrackedJob {
  const job = value as Partial<TrackedJob> | null;
  return (
    typeof job === "object" &&
    job !== null &&
    typeof job.jobId === "string" &&
    job.jobId !== "" &&
    typeof job.sessionId === "string" &&
    (job.clientMessageId === undefined || typeof job.clientMessageId === "string") &&
    Number.isFinite(job.trackedAt)
  );
}

/** Where pending jobs live between page loads. */
export interface PendingJobStore {
  /** The jobs saved last time; corrupt or unreadable storage yields what could be read, never a throw. */
  load(): TrackedJob[];
  save(jobs: Iterable<TrackedJob>): void;
}

export function createPendingJobStore(storage: KeyValueStorage, key: string): PendingJobStore {
  return {
    load() {
      const data = readJson(storage, key);
      if (!Array.isArray(data)) return [];
      const jobs = new Map<string, TrackedJob>();
      for (const entry of data) {
        if (!isTrackedJob(entry)) continue;
        // Rebuilt field by field: whatever else the entry carries stays behind.
        const { jobId, sessionId, clientMessageId, trackedAt } = entry;
        jobs.set(jobId, clientMessageId === undefined ? { jobId, sessionId, trackedAt } : { jobId, sessionId, clientMessageId, trackedAt });
      }
      return [...jobs.values()];
    },
    save(jobs) {
      const list = [...jobs];
      writeJson(storage, key, list.length === 0 ? undefined : list);
    },
  };
}

import { z } from "../contract/zod.js";
import { readJson, writeJson, type KeyValueStorage } from "../shared/storage.js";
import type { TrackedJob } from "./types.js";

/** Pending jobs as persisted; each entry is checked on its own so one bad entry loses only itself. */
const trackedJobSchema = z.object({
  jobId: z.string().check(z.minLength(1)),
  sessionId: z.string(),
  clientMessageId: z.optional(z.string()),
  trackedAt: z.number().check(z.refine(Number.isFinite)),
});

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
        const parsed = trackedJobSchema.safeParse(entry);
        if (!parsed.success) continue;
        const { jobId, sessionId, clientMessageId, trackedAt } = parsed.data;
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

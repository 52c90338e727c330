import { isHeaderValue } from "../api/check-arguments.js";
import type { Logger } from "../shared/logger.js";
import { createPersistedEntries, storageKeyOf, type PersistedEntries } from "../shared/persisted-entries.js";
import type { KeyValueStorage } from "../shared/storage.js";
import type { TrackedJob } from "./types.js";

/** Longest id read back; ours come from the server and are short. */
const MAX_ID_LENGTH = 200;

export interface PendingJobStoreOptions {
  userKey: string | undefined;
  logger: Logger;
  /** `timers.now()`: a stored `trackedAt` is never later than now (a huge value would overflow the deadline timer). */
  now(): number;
}

/**
 * Where pending jobs live between page loads, one key per user. Each entry read back is checked
 * on its own and rebuilt field by field; one that fails is dropped alone, with a warning. A plain
 * check rather than a zod schema keeps zod's number and refinement code out of app bundles.
 */
export function createPendingJobStore(storage: KeyValueStorage, options: PendingJobStoreOptions): PersistedEntries<TrackedJob> {
  return createPersistedEntries<TrackedJob>({
    storage,
    key: storageKeyOf("pending-jobs", options.userKey),
    idOf: (job) => job.jobId,
    parse: (raw) => parseTrackedJob(raw, options.now()),
    logger: options.logger,
  });
}

const isId = (value: unknown): value is string => typeof value === "string" && value !== "" && value.length <= MAX_ID_LENGTH && value !== "." && value !== "..";

function parseTrackedJob(raw: unknown, now: number): TrackedJob | string {
  const job = (raw ?? {}) as Partial<Record<keyof TrackedJob, unknown>>;
  if (!isId(job.jobId) || !isId(job.sessionId)) return "no valid job or session id";
  const { clientMessageId } = job;
  if (clientMessageId !== undefined && !(isId(clientMessageId) && isHeaderValue(clientMessageId))) return "a client message id that is not a legal header value";
  if (typeof job.trackedAt !== "number" || !Number.isFinite(job.trackedAt)) return "no valid trackedAt";
  const trackedAt = Math.min(job.trackedAt, now);
  return clientMessageId === undefined ? { jobId: job.jobId, sessionId: job.sessionId, trackedAt } : { jobId: job.jobId, sessionId: job.sessionId, clientMessageId, trackedAt };
}

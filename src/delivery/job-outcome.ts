import type { Job, JobResult } from "../contract/job.js";
import type { JobCompletedEvent, JobFailedEvent } from "../contract/socket.js";
import type { CoachingError, CoachingOperation } from "../errors/coaching-error.js";
import { JobFailedError } from "../errors/job-errors.js";

/** How a job ended, whatever channel reported it. */
export type JobOutcome = { type: "completed"; result: JobResult } | { type: "failed"; error: CoachingError };

/** The outcome a socket event carries. */
export function outcomeFromEvent(event: JobCompletedEvent | JobFailedEvent): JobOutcome {
  if (event.type === "job.completed") return { type: "completed", result: event.result };
  return { type: "failed", error: jobFailedError(event.jobId, event.error, "socket") };
}

/**
 * The outcome a polled job shows, or null while it is still running. A COMPLETED job without a
 * result is also null: it breaks the contract, and polling again is the safe way on.
 */
export function outcomeFromJob(job: Job): JobOutcome | null {
  if (job.status === "COMPLETED" && job.result) return { type: "completed", result: job.result };
  if (job.status === "FAILED") {
    const error = job.error ?? { code: "JOB_FAILED", message: "the job failed without details", retryable: false };
    return { type: "failed", error: jobFailedError(job.jobId, error, "getJob") };
  }
  return null;
}

function jobFailedError(
  jobId: string,
  error: { code: string; message: string; retryable: boolean },
  operation: CoachingOperation,
): JobFailedError {
  return new JobFailedError(jobId, error.code, error.message, { operation, retryable: error.retryable });
}

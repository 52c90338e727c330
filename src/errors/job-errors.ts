import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

/** The backend reported the job as failed (`job.failed` event or a FAILED job poll). */
export class JobFailedError extends CoachingError {
  override name = "JobFailedError" as const;
  declare readonly code: "JOB_FAILED";
  declare readonly jobId: string;
  declare readonly serverCode: string;

  constructor(jobId: string, serverCode: string, serverMessage: string, options: CoachingErrorOptions = {}) {
    super("JOB_FAILED", `The coach could not answer (${serverCode}): ${serverMessage}`, options);
    this.jobId = jobId;
    this.serverCode = serverCode;
  }
}

/** A job produced no outcome before its deadline. Its message can be retried. */
export class JobTimeoutError extends CoachingError {
  override name = "JobTimeoutError" as const;
  declare readonly code: "JOB_TIMEOUT";
  declare readonly jobId: string;

  constructor(jobId: string, deadlineMs: number, options: CoachingErrorOptions = {}) {
    super("JOB_TIMEOUT", `No reply for job ${jobId} within ${Math.round(deadlineMs / 1000)} s`, { retryable: true, ...options });
    this.jobId = jobId;
  }
}

import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

/** A request took longer than its `timeout`. Retryable. */
export class TimeoutError extends CoachingError {
  override name = "TimeoutError" as const;
  declare readonly code: "TIMEOUT";
  declare readonly timeoutMs: number;

  constructor(timeoutMs: number, options: CoachingErrorOptions = {}) {
    super("TIMEOUT", `${options.operation ?? "request"} timed out after ${timeoutMs} ms`, { retryable: true, ...options });
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the request through its `AbortSignal`. */
export class AbortedError extends CoachingError {
  override name = "AbortedError" as const;
  declare readonly code: "ABORTED";

  constructor(options: CoachingErrorOptions = {}) {
    super("ABORTED", `${options.operation ?? "request"} was aborted`, options);
  }
}

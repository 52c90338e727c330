import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

export interface HttpErrorOptions extends CoachingErrorOptions {
  status: number;
  /** The server's `error.code`, or `HTTP_<status>` when the body was not the contract's JSON. */
  serverCode: string;
  serverMessage?: string | undefined;
  /** The server's `Retry-After` hint in ms, as sent (not capped), or null. */
  retryAfterMs?: number | null | undefined;
}

/** A non-2xx answer the SDK has no more specific class for (400, 413, 422, 429, 5xx...). */
export class HttpError extends CoachingError {
  override name = "HttpError" as const;
  declare readonly code: "HTTP_ERROR";
  declare readonly status: number;
  declare readonly serverCode: string;
  declare readonly serverMessage: string | undefined;
  /**
   * When to try again, per the server's `Retry-After` (429, 503...), in ms and not capped; null
   * when it gave no readable hint. A hint above the call's `maxRetryAfterMs` is not waited for:
   * the call fails at once with this error, so the app can show the wait and let the user decide.
   */
  declare readonly retryAfterMs: number | null;

  constructor(options: HttpErrorOptions) {
    super(
      "HTTP_ERROR",
      `${options.operation ?? "request"} failed with HTTP ${options.status} ${options.serverCode}` +
        (options.serverMessage ? `: ${options.serverMessage}` : ""),
      options,
    );
    this.status = options.status;
    this.serverCode = options.serverCode;
    this.serverMessage = options.serverMessage;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

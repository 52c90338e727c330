/** Every code a `CoachingError` can carry; branch on `error.code`. */
export type CoachingErrorCode =
  | "HTTP_ERROR"
  | "NETWORK_ERROR"
  | "TIMEOUT"
  | "ABORTED"
  | "AUTH_ERROR"
  | "TENANT_CONFLICT"
  | "SESSION_EXPIRED"
  | "JOB_EXPIRED"
  | "VALIDATION_ERROR"
  | "JOB_FAILED"
  | "JOB_TIMEOUT"
  | "SEND_BLOCKED";

/** Which SDK call failed: an API route name, or a delivery step. */
export type CoachingOperation =
  | "getCurrentSession"
  | "startSession"
  | "getSession"
  | "resumeSession"
  | "pauseSession"
  | "cancelSession"
  | "sendMessage"
  | "getJob"
  | "cancelJob"
  | "socket"
  | "delivery"
  | "machine";

export interface CoachingErrorOptions {
  operation?: CoachingOperation | undefined;
  cause?: unknown;
  /** Whether repeating the same call later may succeed. */
  retryable?: boolean | undefined;
  requestId?: string | undefined;
}

/**
 * Base class of every error the SDK reports. Programs branch on `code`; `name` is a literal per
 * subclass so guards work across bundles where `instanceof` may not.
 */
export class CoachingError extends Error {
  // Fields here and in the subclasses are `declare`d and set in the constructor: a bare field
  // declaration would also emit an ES2022 class field (defined as undefined, then assigned).
  override name: string = "CoachingError";
  declare readonly code: CoachingErrorCode;
  declare readonly operation: CoachingOperation | undefined;
  declare readonly retryable: boolean;
  declare readonly requestId: string | undefined;

  constructor(code: CoachingErrorCode, message: string, options: CoachingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.operation = options.operation;
    this.retryable = options.retryable ?? false;
    this.requestId = options.requestId;
  }
}

/**
 * True for any error raised by this SDK (works across duplicated bundles).
 *
 * @example
 * try { await client.api.getSession(id); }
 * catch (error) { if (isCoachingError(error) && error.code === "SESSION_EXPIRED") startOver(); }
 */
export function isCoachingError(value: unknown): value is CoachingError {
  return (
    value instanceof CoachingError ||
    (value instanceof Error && typeof (value as { code?: unknown }).code === "string" && "operation" in value && "retryable" in value)
  );
}

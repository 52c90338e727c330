import { errorBodySchema, type ErrorBody } from "../contract/responses.js";
import { AuthError } from "../errors/auth-error.js";
import type { CoachingError, CoachingOperation } from "../errors/coaching-error.js";
import { ConflictError } from "../errors/conflict-error.js";
import { ExpiredError } from "../errors/expired-error.js";
import { HttpError } from "../errors/http-error.js";

/** Statuses worth repeating unchanged (409 only with `IDEMPOTENCY_IN_PROGRESS`). */
export const RETRIED_STATUSES = [408, 409, 429, 500, 502, 503, 504];

export function isRetryableStatus(status: number, serverCode: string): boolean {
  return RETRIED_STATUSES.includes(status) && (status !== 409 || serverCode === "IDEMPOTENCY_IN_PROGRESS");
}

/**
 * Reads the contract's error body; anything else (an HTML 502, empty) yields `HTTP_<status>`. A
 * malformed `conflict` is dropped rather than hiding the error's code.
 */
export function parseErrorBody(text: string): ErrorBody | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const bare = errorBodySchema.safeParse({ error: (json as { error?: unknown } | null)?.error });
  return bare.success ? bare.data : null;
}

export interface ErrorContext {
  operation: CoachingOperation;
  /** The id in the route, when the route is about one session or job. */
  resourceId?: string | undefined;
  requestId: string | undefined;
  /** The response's `Retry-After` in ms, as sent. */
  retryAfterMs?: number | null;
}

/** Maps a non-2xx response to the most specific typed error. */
export function errorFromResponse(status: number, body: ErrorBody | null, context: ErrorContext): CoachingError {
  const serverCode = body?.error.code ?? `HTTP_${status}`;
  const base = { operation: context.operation, requestId: context.requestId };

  if (status === 401) return new AuthError("unauthorized", { ...base, status });
  if (status === 403) return new AuthError("forbidden", { ...base, status });
  if (status === 409 && (serverCode === "TENANT_CONFLICT" || body?.conflict)) {
    return new ConflictError(body?.conflict ?? null, base);
  }
  if ((status === 404 || status === 410) && context.resourceId !== undefined) {
    const resource = context.operation === "getJob" || context.operation === "cancelJob" ? "job" : "session";
    return new ExpiredError(resource, { ...base, id: context.resourceId, status });
  }
  return new HttpError({
    ...base,
    status,
    serverCode,
    serverMessage: body?.error.message,
    retryable: body?.error.retryable ?? isRetryableStatus(status, serverCode),
    retryAfterMs: context.retryAfterMs ?? null,
  });
}

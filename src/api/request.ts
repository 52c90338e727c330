import ky, { isHTTPError, isTimeoutError, type ShouldRetryState } from "ky";
import { AuthError } from "../errors/auth-error.js";
import type { CoachingError, CoachingOperation } from "../errors/coaching-error.js";
import { NetworkError } from "../errors/network-error.js";
import { AbortedError, TimeoutError } from "../errors/timeout-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { backoffDelay } from "../shared/backoff.js";
import { isHeaderValue } from "./check-arguments.js";
import { RETRIED_STATUSES, errorFromResponse, isRetryableStatus, parseErrorBody } from "./error-from-response.js";
import type { ResolvedClientOptions } from "./options.js";
import { parseRetryAfter } from "./retry-after.js";
import type { TokenProvider } from "./token-provider.js";
import { validateResponse, type ResponseSchema } from "./validate.js";

/** Per-call options every API method accepts. */
export interface CallOptions {
  /** Aborts the call (and any backoff wait) with an `AbortedError`. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's retry count for this call. */
  retry?: number | undefined;
  /**
   * A `Retry-After` above this is not waited for: the call fails at once with an `HttpError`
   * carrying the server's hint in `retryAfterMs`. @default the client's `retry.maxRetryAfterMs`
   */
  maxRetryAfterMs?: number | undefined;
}

export interface RequestSpec<T> extends CallOptions {
  operation: CoachingOperation;
  method: "GET" | "POST";
  path: string;
  /** The session or job id in the path: a 404/410 then means that resource expired. */
  resourceId?: string | undefined;
  json?: unknown;
  idempotencyKey?: string | undefined;
  schema: ResponseSchema<T>;
}

export interface RequestResult<T> {
  data: T;
  status: number;
  requestId: string | undefined;
  /** The server's wait hint for the next poll (`Retry-After`), in ms, capped at `maxRetryAfterMs`. */
  retryAfterMs: number | null;
}

export type RequestFn = <T>(spec: RequestSpec<T>) => Promise<RequestResult<T>>;

/**
 * Sends API calls through one ky instance: ky retries (with backoff, jitter and `Retry-After`),
 * times out each attempt and sends the same headers, so the Idempotency-Key of a mutation is the
 * same on every attempt and the server applies it once. What ky cannot do is kept here, each with
 * its reason: the body read under the timeout, the 401 refresh, the typed errors, the hint cap.
 */
export function createRequest(options: ResolvedClientOptions, tokens: TokenProvider): RequestFn {
  const { retry, timers } = options;
  const bodies = new WeakMap<Response, string>();

  const errorBodyOf = (response: Response) => parseErrorBody(bodies.get(response) ?? "");
  const retryAfterOf = (response: Response) => parseRetryAfter(response.headers, timers.now());

  /**
   * Leaves to ky (undefined) only what it gets right: network errors and timeouts, and waiting a
   * readable `Retry-After`. ky would retry every 409, read `Retry-After: soon` as "wait the
   * maximum", and wait a hint above `maxRetryAfter` clamped instead of giving up.
   */
  const shouldRetry = ({ error }: ShouldRetryState): boolean | undefined => {
    if (!isHTTPError(error)) return undefined;
    const { response } = error;
    if (!isRetryableStatus(response.status, errorBodyOf(response)?.error.code ?? "")) return false;
    const hint = retryAfterOf(response);
    if (hint === null) return true; // ky's backoff, with jitter
    return hint <= (error.options.retry.maxRetryAfter ?? Infinity) ? undefined : false;
  };

  const api = ky.create({
    headers: { accept: "application/json", ...options.headers },
    timeout: options.timeout,
    // ky's `timeout` ends when the headers arrive. Reading the body inside `fetch` puts it under
    // the same per-attempt timer, and makes a stalled body a timeout that ky retries. The race
    // with the signal is for fetches (mocks, stalled streams) whose body ignores an abort.
    fetch: async (request, init) => {
      const response = await options.fetch(request, init);
      // ky always hands its own Request, whose signal carries both the timeout and the caller's.
      bodies.set(response, await readText(response, (request as Request).signal));
      return response;
    },
    retry: {
      limit: retry.limit,
      // POSTs too: every mutation carries an Idempotency-Key, the same on each attempt.
      methods: ["get", "post"],
      statusCodes: RETRIED_STATUSES,
      afterStatusCodes: RETRIED_STATUSES,
      maxRetryAfter: retry.maxRetryAfterMs,
      delay: (attempt) => retry.initialDelayMs * 2 ** (attempt - 1),
      // "Equal jitter", as the SDK's other backoffs: half of `ms` fixed, half random.
      jitter: (ms) => backoffDelay(0, { initialMs: ms, maxMs: ms, random: options.random }),
      backoffLimit: retry.maxDelayMs,
      retryOnTimeout: true,
      shouldRetry,
    },
  });

  const failure = (error: unknown, spec: RequestSpec<unknown>): CoachingError => {
    const { operation } = spec;
    if (spec.signal?.aborted) return new AbortedError({ operation, cause: spec.signal.reason });
    if (isHTTPError(error)) {
      const { response } = error;
      const context = { operation, resourceId: spec.resourceId, requestId: requestIdOf(response), retryAfterMs: retryAfterOf(response) };
      return errorFromResponse(response.status, errorBodyOf(response), context);
    }
    // ky's own errors carry the request, headers and token included: never pass them on as `cause`.
    if (isTimeoutError(error)) return new TimeoutError(options.timeout || 0, { operation });
    return new NetworkError({ operation, cause: error });
  };

  async function send<T>(spec: RequestSpec<T>, token: string | null): Promise<RequestResult<T>> {
    // The signal may have fired while `getToken` was running: send nothing then.
    if (spec.signal?.aborted) throw new AbortedError({ operation: spec.operation });
    const headers: Record<string, string> = {};
    if (token) headers.authorization = bearer(token, spec.operation);
    if (spec.idempotencyKey) headers["idempotency-key"] = spec.idempotencyKey;
    const maxRetryAfter = spec.maxRetryAfterMs ?? retry.maxRetryAfterMs;
    // Only overrides: ky merges per-call options into the client's on every call.
    const overrides = spec.retry === undefined && spec.maxRetryAfterMs === undefined ? {} : { retry: { limit: spec.retry ?? retry.limit, maxRetryAfter } };
    let response: Response;
    try {
      response = await api(options.baseUrl + spec.path, { method: spec.method, json: spec.json, headers, signal: spec.signal, ...overrides });
    } catch (error) {
      throw failure(error, spec);
    }
    const requestId = requestIdOf(response);
    const hint = retryAfterOf(response);
    return {
      data: parseBody(bodies.get(response) ?? "", spec, requestId),
      status: response.status,
      requestId,
      retryAfterMs: hint === null ? null : Math.min(hint, maxRetryAfter),
    };
  }

  return async function request<T>(spec: RequestSpec<T>): Promise<RequestResult<T>> {
    const generation = tokens.generation;
    const token = await tokens.get(spec.operation);
    try {
      return await send(spec, token);
    } catch (error) {
      // A 401 needs a new token before the same request can pass: refresh once (shared with
      // concurrent calls) and send again, with a fresh retry budget. Not in ky's `afterResponse`:
      // that hook clones every response (a stream tee on each call), cannot see the body already
      // read under the timeout, and its forced retry would use up a retry.
      if (!(error instanceof AuthError) || error.status !== 401) throw error;
      return send(spec, await tokens.refresh(spec.operation, generation));
    }
  };
}

const requestIdOf = (response: Response) => response.headers.get("x-request-id") ?? undefined;

/**
 * The Authorization value. A token that is not a legal header value (a stray newline, say) would
 * make `fetch` throw a TypeError quoting the whole header, token included, so refuse it here.
 */
function bearer(token: string, operation: CoachingOperation): string {
  const value = `Bearer ${token}`;
  if (!isHeaderValue(value)) throw new AuthError("token-unavailable", { operation });
  return value;
}

/** Reads the body, giving up as soon as `signal` aborts (a mocked or stalled stream may not). */
function readText(response: Response, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      void response.body?.cancel().catch(() => {});
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    response
      .text()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function parseBody<T>(text: string, spec: RequestSpec<T>, requestId: string | undefined): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ValidationError([{ path: [], message: "response body is not JSON" }], {
      operation: spec.operation,
      requestId,
      cause,
    });
  }
  return validateResponse(spec.schema, json, { operation: spec.operation, requestId });
}

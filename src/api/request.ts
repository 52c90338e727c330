import ky from "ky";
import { AuthError } from "../errors/auth-error.js";
import { AbortedError, TimeoutError } from "../errors/timeout-error.js";
import type { CoachingOperation } from "../errors/coaching-error.js";
import { NetworkError } from "../errors/network-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { backoffDelay } from "../shared/backoff.js";
import { sleep } from "../shared/timers.js";
import { isHeaderValue } from "./check-arguments.js";
import { errorFromResponse, isRetryableStatus, parseErrorBody } from "./error-from-response.js";
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
  /** Overrides `retry.maxRetryAfterMs` for this call. */
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

/** One answered attempt: the response with its body already read. */
interface Answer {
  response: Response;
  text: string;
}

/**
 * Sends one API call with auth, timeout, retries and validation. The idempotency key, when given,
 * is the same on every attempt, so the server applies a retried mutation once.
 */
export function createRequest(options: ResolvedClientOptions, tokens: TokenProvider): RequestFn {
  const { timers, retry } = options;

  /**
   * One attempt, body included: `timeout` and the caller's signal cover reading the body too, so
   * a server that sends headers and then stalls cannot hang the call.
   */
  async function send(spec: RequestSpec<unknown>, headers: Record<string, string>): Promise<Answer> {
    // The signal may have fired while `getToken` was running; a listener added now never would.
    if (spec.signal?.aborted) throw new AbortedError({ operation: spec.operation });
    const controller = new AbortController();
    const onAbort = () => controller.abort(spec.signal?.reason);
    spec.signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer =
      options.timeout === false
        ? undefined
        : timers.setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, options.timeout);
    try {
      const response = await ky(options.baseUrl + spec.path, {
        method: spec.method,
        json: spec.json,
        headers,
        timeout: false,
        signal: controller.signal,
        retry: 0,
        throwHttpErrors: false,
        fetch: options.fetch,
      });
      return { response, text: await readText(response, controller.signal) };
    } catch (cause) {
      if (spec.signal?.aborted) throw new AbortedError({ operation: spec.operation, cause });
      if (timedOut) throw new TimeoutError(options.timeout || 0, { operation: spec.operation });
      throw new NetworkError({ operation: spec.operation, cause });
    } finally {
      if (timer !== undefined) timers.clearTimeout(timer);
      spec.signal?.removeEventListener("abort", onAbort);
    }
  }

  return async function request<T>(spec: RequestSpec<T>): Promise<RequestResult<T>> {
    const limit = spec.retry ?? retry.limit;
    let attempt = 0;
    let refreshedToken: string | null | undefined;
    let generation = tokens.generation;

    const backoff = () => backoffDelay(attempt, { initialMs: retry.initialDelayMs, maxMs: retry.maxDelayMs, random: options.random });
    const wait = async (ms: number) => {
      try {
        await sleep(timers, ms, spec.signal);
      } catch {
        throw new AbortedError({ operation: spec.operation });
      }
      attempt++;
    };

    for (;;) {
      if (spec.signal?.aborted) throw new AbortedError({ operation: spec.operation });
      let token = refreshedToken;
      if (token === undefined) {
        token = await tokens.get(spec.operation);
        generation = tokens.generation;
      }
      const headers: Record<string, string> = { accept: "application/json", ...options.headers };
      if (token) headers.authorization = bearer(token, spec.operation);
      if (spec.idempotencyKey) headers["idempotency-key"] = spec.idempotencyKey;

      let answer: Answer;
      try {
        answer = await send(spec, headers);
      } catch (error) {
        if (error instanceof AbortedError || attempt >= limit) throw error;
        await wait(backoff());
        continue;
      }

      const { response, text } = answer;
      const requestId = response.headers.get("x-request-id") ?? undefined;
      const hint = parseRetryAfter(response.headers, timers.now());
      const retryAfterMs = hint === null ? null : Math.min(hint, retry.maxRetryAfterMs);

      if (response.ok) {
        return { data: parseBody(text, spec, requestId), status: response.status, requestId, retryAfterMs };
      }

      if (response.status === 401 && refreshedToken === undefined) {
        refreshedToken = await tokens.refresh(spec.operation, generation);
        continue;
      }

      const body = parseErrorBody(text);
      const error = errorFromResponse(response.status, body, {
        operation: spec.operation,
        resourceId: spec.resourceId,
        requestId,
        retryAfterMs,
      });
      const serverCode = body?.error.code ?? `HTTP_${response.status}`;
      if (!isRetryableStatus(response.status, serverCode) || attempt >= limit) throw error;
      await wait(retryAfterMs ?? backoff());
    }
  };
}

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

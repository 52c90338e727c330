import ky from "ky";
import { AbortedError, TimeoutError } from "../errors/timeout-error.js";
import type { CoachingError, CoachingOperation } from "../errors/coaching-error.js";
import { NetworkError } from "../errors/network-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { backoffDelay } from "../shared/backoff.js";
import { sleep } from "../shared/timers.js";
import { errorFromResponse, isRetryableStatus, readErrorBody } from "./error-from-response.js";
import type { ResolvedClientOptions } from "./options.js";
import { parseRetryAfter } from "./retry-after.js";
import type { TokenProvider } from "./token-provider.js";

/** The shape of a zod schema that `request` needs; keeps this file free of zod generics. */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ValidationIssue[] } };
}

/** Per-call options every API method accepts. */
export interface CallOptions {
  /** Aborts the call (and any backoff wait) with an `AbortedError`. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's retry count for this call. */
  retry?: number | undefined;
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
  /** The server's wait hint for the next poll (`Retry-After`), in ms. */
  retryAfterMs: number | null;
}

export type RequestFn = <T>(spec: RequestSpec<T>) => Promise<RequestResult<T>>;

/**
 * Sends one API call with auth, timeout, retries and validation. The idempotency key, when given,
 * is the same on every attempt, so the server applies a retried mutation once.
 */
export function createRequest(options: ResolvedClientOptions, tokens: TokenProvider): RequestFn {
  const { timers, retry } = options;

  return async function request<T>(spec: RequestSpec<T>): Promise<RequestResult<T>> {
    const limit = spec.retry ?? retry.limit;
    const fail = (error: CoachingError): never => {
      throw error;
    };
    let attempt = 0;
    let refreshedToken: string | null | undefined;

    const wait = async (ms: number) => {
      try {
        await sleep(timers, ms, spec.signal);
      } catch {
        fail(new AbortedError({ operation: spec.operation }));
      }
      attempt++;
    };

    for (;;) {
      if (spec.signal?.aborted) fail(new AbortedError({ operation: spec.operation }));
      const token = refreshedToken !== undefined ? refreshedToken : await tokens.get(spec.operation);
      const headers: Record<string, string> = { accept: "application/json", ...options.headers };
      if (token) headers.authorization = `Bearer ${token}`;
      if (spec.idempotencyKey) headers["idempotency-key"] = spec.idempotencyKey;

      let response: Response;
      try {
        response = await ky(options.baseUrl + spec.path, {
          method: spec.method,
          json: spec.json,
          headers,
          timeout: options.timeout,
          signal: spec.signal,
          retry: 0,
          throwHttpErrors: false,
          fetch: options.fetch,
        });
      } catch (cause) {
        if (spec.signal?.aborted) fail(new AbortedError({ operation: spec.operation, cause }));
        const error =
          (cause as Error)?.name === "TimeoutError"
            ? new TimeoutError(options.timeout || 0, { operation: spec.operation })
            : new NetworkError({ operation: spec.operation, cause });
        if (attempt >= limit) fail(error);
        await wait(backoffDelay(attempt, { initialMs: retry.initialDelayMs, maxMs: retry.maxDelayMs, random: options.random }));
        continue;
      }

      const requestId = response.headers.get("x-request-id") ?? undefined;
      const retryAfterMs = parseRetryAfter(response.headers, timers.now());

      if (response.ok) {
        return { data: await parseBody(response, spec, requestId), status: response.status, requestId, retryAfterMs };
      }

      if (response.status === 401 && refreshedToken === undefined) {
        void response.body?.cancel().catch(() => {});
        refreshedToken = await tokens.refresh(spec.operation);
        continue;
      }

      const body = await readErrorBody(response);
      const error = errorFromResponse(response.status, body, {
        operation: spec.operation,
        resourceId: spec.resourceId,
        requestId,
      });
      const serverCode = body?.error.code ?? `HTTP_${response.status}`;
      if (!isRetryableStatus(response.status, serverCode) || attempt >= limit) fail(error);
      const backoff = backoffDelay(attempt, { initialMs: retry.initialDelayMs, maxMs: retry.maxDelayMs, random: options.random });
      await wait(retryAfterMs === null ? backoff : Math.min(retryAfterMs, retry.maxRetryAfterMs));
    }
  };
}

async function parseBody<T>(response: Response, spec: RequestSpec<T>, requestId: string | undefined): Promise<T> {
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch (cause) {
    throw new ValidationError([{ path: [], message: "response body is not JSON" }], {
      operation: spec.operation,
      requestId,
      cause,
    });
  }
  const parsed = spec.schema.safeParse(json);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message, code: issue.code })),
      { operation: spec.operation, requestId },
    );
  }
  return parsed.data;
}

import { defaultRoutes, type CoachingRoutes } from "../contract/routes.js";
import { consoleLogger, type Logger } from "../shared/logger.js";
import { systemTimers, type Timers } from "../shared/timers.js";
import { globalWebSocket, type WebSocketConstructor } from "../shared/websocket.js";

export interface GetTokenContext {
  /** True after a 401 or a socket 4401: return a fresh token, not a cached one. */
  forceRefresh: boolean;
}

/** Returns the bearer token; sync or async. Return `null` for unauthenticated backends. */
export type GetToken = (context: GetTokenContext) => string | null | undefined | Promise<string | null | undefined>;

/**
 * Which failures are retried: network errors, timeouts, 408, 409 `IDEMPOTENCY_IN_PROGRESS`, 429,
 * 500, 502, 503, 504, POSTs included (every mutation carries an Idempotency-Key reused across its
 * retries). Never: 400, 403, 404, 410, 413, 422, other 409s, a second 401.
 */
export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  limit?: number;
  /** First backoff delay, doubled per attempt with "equal" jitter (half fixed, half random). @default 300 */
  initialDelayMs?: number;
  /** Largest backoff delay. @default 10_000 */
  maxDelayMs?: number;
  /**
   * A `Retry-After` up to this is waited for; one above it fails the call at once with an
   * `HttpError` whose `retryAfterMs` is the server's hint (per call: `CallOptions.maxRetryAfterMs`).
   * Also caps the poll hint `getJob` returns. @default 60_000
   */
  maxRetryAfterMs?: number;
}

export interface CoachingClientOptions {
  /** The API's base URL, e.g. `https://api.example.com/v1`. */
  baseUrl: string;
  /** The WebSocket URL, e.g. `wss://ws.example.com/coaching`. Omit to deliver replies by polling only. */
  socketUrl?: string | undefined;
  /** How the socket authenticates: an `auth` first frame, or a `token` query parameter. @default "message" */
  socketAuth?: "message" | "query";
  /** Supplies the bearer token. Called with `forceRefresh: true` once after a 401. */
  getToken?: GetToken;
  /**
   * How long a `getToken` call may take before the call waiting for it fails with an `AuthError`
   * of reason `token-timeout` (the next call asks again); `false` waits forever (an interactive
   * sign-in, say). Runs on `timers`. @default 10_000
   */
  tokenTimeoutMs?: number | false;
  /** Override any route path; unspecified routes keep the contract's defaults. */
  routes?: Partial<CoachingRoutes>;
  /** Extra headers on every request (never put the token here: use `getToken`). */
  headers?: Record<string, string>;
  /** Per-attempt timeout in ms, reading the body included; `false` disables it. @default 15_000 */
  timeout?: number | false;
  /** Retry policy for transient failures, or a retry count. @default { limit: 2 } */
  retry?: RetryOptions | number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** The WebSocket class. Required on Node 20 (pass `ws`). @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor | undefined;
  /**
   * Time for the SDK's own waits: `tokenTimeoutMs`, and delivery's polls, reconnects and
   * deadlines. HTTP retry and timeout waits are ky's, on the global timers: in tests, drive
   * them with `vi.useFakeTimers()`. @default the global timers, read when used
   */
  timers?: Timers;
  /** Jitter source for retry backoff, [0, 1). @default Math.random */
  random?: () => number;
  /** @default warnings and errors to the console */
  logger?: Logger;
}

/** Options with every default applied; computed once per client. */
export interface ResolvedClientOptions {
  baseUrl: string;
  socketUrl: string | undefined;
  socketAuth: "message" | "query";
  getToken: GetToken;
  tokenTimeoutMs: number | false;
  routes: CoachingRoutes;
  headers: Record<string, string>;
  timeout: number | false;
  retry: Required<RetryOptions>;
  fetch: typeof fetch;
  WebSocket: WebSocketConstructor | undefined;
  timers: Timers;
  random: () => number;
  logger: Logger;
}

export const defaultRetry: Required<RetryOptions> = {
  limit: 2,
  initialDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

export function resolveClientOptions(options: CoachingClientOptions): ResolvedClientOptions {
  if (!options || typeof options.baseUrl !== "string") {
    throw new TypeError("createCoachingClient: `baseUrl` is required, e.g. https://api.example.com/v1");
  }
  const retry = typeof options.retry === "number" ? { limit: options.retry } : (options.retry ?? {});
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    socketUrl: options.socketUrl,
    socketAuth: options.socketAuth ?? "message",
    getToken: options.getToken ?? (() => null),
    tokenTimeoutMs: options.tokenTimeoutMs ?? 10_000,
    routes: { ...defaultRoutes, ...options.routes },
    headers: { ...options.headers },
    timeout: options.timeout ?? 15_000,
    retry: { ...defaultRetry, ...retry },
    // Bound lazily so test doubles installed on the global after creation still apply.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    WebSocket: options.WebSocket ?? globalWebSocket(),
    timers: options.timers ?? systemTimers,
    random: options.random ?? Math.random,
    logger: options.logger ?? consoleLogger,
  };
}

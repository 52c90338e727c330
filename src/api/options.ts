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

export interface RetryOptions {
  /** Retries after the first attempt. @default 2 */
  limit?: number;
  /** First backoff delay, doubled per attempt with jitter. @default 300 */
  initialDelayMs?: number;
  /** Largest backoff delay. @default 10_000 */
  maxDelayMs?: number;
  /** `Retry-After` / `retry-after-ms` hints above this are capped to it. @default 60_000 */
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
  /** Override any route path; unspecified routes keep the contract's defaults. */
  routes?: Partial<CoachingRoutes>;
  /** Extra headers on every request (never put the token here: use `getToken`). */
  headers?: Record<string, string>;
  /** Per-attempt timeout in ms, reading the body included, on `timers`; `false` disables it. @default 15_000 */
  timeout?: number | false;
  /** Retry policy for transient failures, or a retry count. @default { limit: 2 } */
  retry?: RetryOptions | number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** The WebSocket class. Required on Node 20 (pass `ws`). @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor | undefined;
  /** @default real timers */
  timers?: Timers;
  /** Jitter source, [0, 1). @default Math.random */
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

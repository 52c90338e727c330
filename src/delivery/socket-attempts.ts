import type { TokenProvider } from "../api/token-provider.js";
import type { CoachingError } from "../errors/coaching-error.js";
import { backoffDelay } from "../shared/backoff.js";
import type { Timers } from "../shared/timers.js";
import { withTokenParameter } from "./websocket-class-adapter.js";

/** When, and with which token, the next socket connection attempt is made. */
export interface SocketAttempts {
  /**
   * reconnecting-websocket's URL provider: sleeps the backoff, fetches a token, returns the URL.
   * Never rejects: a rejection would leave that library's connect lock held and the socket dead.
   * Returns at once (token-less) when `isCurrent()` turns false, i.e. the socket was stopped.
   */
  nextUrl(isCurrent: () => boolean): Promise<string>;
  /** The token fetched for the attempt now opening, handed out once (for the auth frame). */
  takeToken(): string | null;
  /** An attempt ended without `ready`: the next one waits longer. */
  failed(): void;
  /** `ready` arrived: the backoff starts over. */
  succeeded(): void;
  /** The next attempt goes without delay, and a running wait ends now. */
  hurry(): void;
  /** The next token is fetched with `forceRefresh: true` (after a 4401). */
  refreshToken(): void;
  /** Ends any wait and forgets the backoff (the socket stopped). */
  reset(): void;
}

export interface SocketAttemptsOptions {
  url: string;
  auth: "message" | "query";
  tokens: TokenProvider;
  timers: Timers;
  random: () => number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** `getToken` failed; the attempt is retried after a backoff. */
  onTokenError(error: CoachingError): void;
}

/** A failing `getToken` is retried no faster than this, whatever the reconnect delays. */
const TOKEN_RETRY_MIN_MS = 1_000;

export function createSocketAttempts(options: SocketAttemptsOptions): SocketAttempts {
  const { timers, tokens } = options;
  let failures = 0;
  let hurried = false;
  let refresh = false;
  let token: string | null = null;
  let wake: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = timers.setTimeout(() => done(), ms);
      const done = () => {
        timers.clearTimeout(handle);
        wake = null;
        resolve();
      };
      wake = done;
    });

  const delay = () =>
    hurried || failures === 0
      ? 0
      : backoffDelay(failures - 1, { initialMs: options.initialDelayMs, maxMs: options.maxDelayMs, random: options.random });

  return {
    async nextUrl(isCurrent) {
      let wait = delay();
      for (;;) {
        hurried = false;
        if (wait > 0) await pause(wait);
        if (!isCurrent()) return options.url;
        try {
          const fetched = refresh ? await tokens.refresh("socket") : await tokens.get("socket");
          refresh = false;
          if (!isCurrent()) return options.url;
          token = fetched;
          return options.auth === "query" && fetched ? withTokenParameter(options.url, fetched) : options.url;
        } catch (error) {
          if (!isCurrent()) return options.url;
          failures += 1;
          options.onTokenError(error as CoachingError);
          wait = Math.max(TOKEN_RETRY_MIN_MS, delay());
        }
      }
    },
    takeToken() {
      const taken = token;
      token = null;
      return taken;
    },
    failed: () => void (failures += 1),
    succeeded: () => void (failures = 0),
    hurry() {
      // Cutting a running wait short is enough; flagging as well would also skip the next one.
      if (wake) wake();
      else hurried = true;
    },
    refreshToken: () => void (refresh = true),
    reset() {
      wake?.();
      failures = 0;
      hurried = false;
      token = null;
    },
  };
}

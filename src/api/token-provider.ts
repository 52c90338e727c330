import { AuthError } from "../errors/auth-error.js";
import type { CoachingOperation } from "../errors/coaching-error.js";
import { systemTimers, type TimerHandle, type Timers } from "../shared/timers.js";
import type { GetToken } from "./options.js";

/**
 * Wraps `getToken` so that concurrent refreshes share one call: ten requests failing with 401 at
 * once cause one `getToken({ forceRefresh: true })`, not ten. Shared by HTTP and the socket.
 */
export interface TokenProvider {
  get(operation: CoachingOperation): Promise<string | null>;
  /**
   * Forces a refresh. Pass the `generation` read when the rejected token was obtained: if a refresh
   * has completed since, its token is returned without calling `getToken` again.
   */
  refresh(operation: CoachingOperation, since?: number): Promise<string | null>;
  /** Counts completed refreshes. */
  readonly generation: number;
}

export interface TokenProviderOptions {
  /** @default 10_000 */
  timeoutMs?: number | false;
  /** @default the global timers */
  timers?: Timers;
}

const TIMED_OUT = Symbol("token-timeout");

export function createTokenProvider(getToken: GetToken, { timeoutMs = 10_000, timers = systemTimers }: TokenProviderOptions = {}): TokenProvider {
  let refreshing: Promise<string | null> | null = null;
  let generation = 0;
  let latest: string | null = null;

  // A `getToken` that never settles would leave every call waiting on it hanging (and a session
  // stuck in "checking"): past `timeoutMs` the waiters fail, and the next call asks again. Only a
  // pending promise can hang, so a token returned at once costs no timer.
  const call = async (forceRefresh: boolean, operation: CoachingOperation) => {
    let timer: TimerHandle | undefined;
    try {
      const pending = getToken({ forceRefresh });
      if (timeoutMs === false || typeof (pending as PromiseLike<unknown> | null)?.then !== "function") return (await pending) ?? null;
      const deadline = new Promise<never>((_, reject) => (timer = timers.setTimeout(() => reject(TIMED_OUT), timeoutMs)));
      return (await Promise.race([pending, deadline])) ?? null;
    } catch (cause) {
      throw cause === TIMED_OUT ? new AuthError("token-timeout", { operation }) : new AuthError("token-unavailable", { operation, cause });
    } finally {
      if (timer !== undefined) timers.clearTimeout(timer);
    }
  };

  return {
    get: (operation) => refreshing ?? call(false, operation),
    refresh(operation, since) {
      if (refreshing) return refreshing;
      // 401s that come back one after another must not each force a refresh: the first one
      // already replaced the token they were sent with.
      if (since !== undefined && generation > since) return Promise.resolve(latest);
      refreshing = call(true, operation)
        .then((token) => {
          latest = token;
          generation++;
          return token;
        })
        .finally(() => {
          refreshing = null;
        });
      return refreshing;
    },
    get generation() {
      return generation;
    },
  };
}

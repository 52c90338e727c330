import { AuthError } from "../errors/auth-error.js";
import type { CoachingOperation } from "../errors/coaching-error.js";
import type { GetToken } from "./options.js";

/**
 * Wraps `getToken` so that concurrent refreshes share one call: ten requests failing with 401 at
 * once cause one `getToken({ forceRefresh: true })`, not ten.
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

export function createTokenProvider(getToken: GetToken): TokenProvider {
  let refreshing: Promise<string | null> | null = null;
  let generation = 0;
  let latest: string | null = null;

  const call = async (forceRefresh: boolean, operation: CoachingOperation) => {
    try {
      return (await getToken({ forceRefresh })) ?? null;
    } catch (cause) {
      throw new AuthError("token-unavailable", { operation, cause });
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

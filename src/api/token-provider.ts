import { AuthError } from "../errors/auth-error.js";
import type { CoachingOperation } from "../errors/coaching-error.js";
import type { GetToken } from "./options.js";

/**
 * Wraps `getToken` so that concurrent refreshes share one call: ten requests failing with 401 at
 * once cause one `getToken({ forceRefresh: true })`, not ten.
 */
export interface TokenProvider {
  get(operation: CoachingOperation): Promise<string | null>;
  refresh(operation: CoachingOperation): Promise<string | null>;
}

export function createTokenProvider(getToken: GetToken): TokenProvider {
  let refreshing: Promise<string | null> | null = null;

  const call = async (forceRefresh: boolean, operation: CoachingOperation) => {
    try {
      return (await getToken({ forceRefresh })) ?? null;
    } catch (cause) {
      throw new AuthError("token-unavailable", { operation, cause });
    }
  };

  return {
    get: (operation) => refreshing ?? call(false, operation),
    refresh(operation) {
      refreshing ??= call(true, operation).finally(() => {
        refreshing = null;
      });
      return refreshing;
    },
  };
}

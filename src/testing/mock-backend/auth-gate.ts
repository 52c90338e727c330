/**
 * Decides token validity for HTTP and the socket alike. `expireNext(n)` makes the next n checks
 * fail once each, which is how a test makes the SDK refresh its token: the refreshed token then
 * passes `isTokenValid` again.
 */
export interface AuthGate {
  check(token: string): boolean;
  expireNext(count: number): void;
  clear(): void;
}

export function createAuthGate(isTokenValid: (token: string) => boolean): AuthGate {
  let expiring = 0;
  return {
    check(token) {
      if (expiring > 0) {
        expiring -= 1;
        return false;
      }
      return isTokenValid(token);
    },
    expireNext(count) {
      expiring += Math.max(0, count);
    },
    clear() {
      expiring = 0;
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header; `""` when the header is malformed. */
export function bearerToken(header: string): string {
  const found = /^\s*bearer\s+(.*)$/i.exec(header);
  return found?.[1]?.trim() ?? "";
}

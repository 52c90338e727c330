import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

export type AuthErrorReason = "unauthorized" | "forbidden" | "token-unavailable";

/**
 * Authentication failed after one token refresh (HTTP 401 twice, socket 4401 after a refresh),
 * the socket was refused with 4403, or `getToken` itself threw. The token is never included.
 */
export class AuthError extends CoachingError {
  override name = "AuthError" as const;
  declare readonly code: "AUTH_ERROR";
  declare readonly reason: AuthErrorReason;
  declare readonly status: number | undefined;

  constructor(reason: AuthErrorReason, options: CoachingErrorOptions & { status?: number } = {}) {
    const why =
      reason === "forbidden"
        ? "the server refused access (forbidden)"
        : reason === "token-unavailable"
          ? "getToken failed"
          : "the token was rejected after a refresh";
    super("AUTH_ERROR", `${options.operation ?? "request"} is not authorised: ${why}; sign in again`, options);
    this.reason = reason;
    this.status = options.status;
  }
}

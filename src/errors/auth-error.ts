import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

export type AuthErrorReason = "unauthorized" | "forbidden" | "token-unavailable" | "token-timeout";

const why: Record<AuthErrorReason, string> = {
  unauthorized: "the token was rejected after a refresh; sign in again",
  forbidden: "the server refused access (forbidden); sign in again",
  "token-unavailable": "getToken failed; sign in again",
  "token-timeout": "getToken did not answer within tokenTimeoutMs; try again",
};

/**
 * Authentication failed after one token refresh (HTTP 401 twice, socket 4401 after a refresh),
 * the socket was refused with 4403, or `getToken` itself threw or hung past `tokenTimeoutMs`
 * (`token-timeout`, the only retryable reason: the next call asks for a fresh token). The token is
 * never included.
 */
export class AuthError extends CoachingError {
  override name = "AuthError" as const;
  declare readonly code: "AUTH_ERROR";
  declare readonly reason: AuthErrorReason;
  declare readonly status: number | undefined;

  constructor(reason: AuthErrorReason, options: CoachingErrorOptions & { status?: number } = {}) {
    super("AUTH_ERROR", `${options.operation ?? "request"} is not authorised: ${why[reason]}`, {
      retryable: reason === "token-timeout",
      ...options,
    });
    this.reason = reason;
    this.status = options.status;
  }
}

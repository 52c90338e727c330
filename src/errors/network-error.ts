import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

/** The request never got an HTTP answer (offline, DNS, connection reset, CORS). Retryable. */
export class NetworkError extends CoachingError {
  override name = "NetworkError" as const;
  declare readonly code: "NETWORK_ERROR";

  constructor(options: CoachingErrorOptions = {}) {
    super("NETWORK_ERROR", `${options.operation ?? "request"} could not reach the server; check the connection and try again`, {
      retryable: true,
      ...options,
    });
  }
}

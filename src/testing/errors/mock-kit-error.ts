/** Every code a `MockKitError` can carry; branch on `error.code`. */
export type MockKitErrorCode =
  /** A peer the called part needs (`ws` for the real server) is not installed. */
  | "MISSING_PEER_DEPENDENCY"
  /** A scenario knob cannot do what was asked (no such session, a status that forbids it). */
  | "SCENARIO_REFUSED"
  /** A knob or option got a value it does not accept. */
  | "INVALID_OPTION";

/**
 * Base class of the errors the test kit throws. Kept apart from the SDK's `CoachingError`: these
 * report a misused or incomplete test setup, never a backend failure the app must handle.
 *
 * @example
 * try { backend.scenario.pauseElsewhere("sess_9"); }
 * catch (error) { if (error instanceof MockKitError && error.code === "SCENARIO_REFUSED") ... }
 */
export class MockKitError extends Error {
  override name: string = "MockKitError";
  declare readonly code: MockKitErrorCode;

  constructor(code: MockKitErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(`[coaching-session-sdk/testing] ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

import { createCoachingClient, type CoachingClientOptions } from "../../../src/api/index.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { BASE, TOKEN } from "./fixtures.js";

/**
 * A client against the mock server with a fixed token, no request timeout and mid-range jitter.
 * Override anything per test. Its waits run on the global timers: fake them with `useFakeClock`.
 */
export function makeClient(options: Partial<CoachingClientOptions> = {}) {
  return createCoachingClient({
    baseUrl: BASE,
    getToken: () => TOKEN,
    timeout: false,
    random: () => 0.5,
    logger: silentLogger,
    ...options,
  });
}

/** Awaits a promise that must reject and returns the reason. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

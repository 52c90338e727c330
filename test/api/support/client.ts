import { createCoachingClient, type CoachingClientOptions } from "../../../src/api/index.js";
import { silentLogger } from "../../../src/shared/logger.js";
import { BASE, TOKEN } from "./fixtures.js";
import { createTestTimers } from "./timers.js";

/**
 * A client against the mock server with a fixed token, instant (recorded) backoff, no request
 * timeout and mid-range jitter. Override anything per test.
 */
export function makeClient(options: Partial<CoachingClientOptions> = {}) {
  const clock = createTestTimers();
  const client = createCoachingClient({
    baseUrl: BASE,
    getToken: () => TOKEN,
    timers: clock.timers,
    timeout: false,
    random: () => 0.5,
    logger: silentLogger,
    ...options,
  });
  return { ...client, clock };
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

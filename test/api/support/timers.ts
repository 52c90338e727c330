import { afterEach, beforeEach, vi } from "vitest";
import { systemTimers, type Timers } from "../../../src/shared/timers.js";

export interface FakeClock {
  /** The SDK's default timers, which read the (faked) globals when used. */
  timers: Timers;
  /** Every delay scheduled on the global timers since the clock was installed, in order. */
  delays: number[];
  /** Timers scheduled and not yet fired or cleared. */
  pending(): number;
  uninstall(): void;
}

/** A whole second, so that HTTP dates (second precision) built from `now()` are exact. */
const START = Date.UTC(2025, 0, 1);

/**
 * Fakes the global timers, where ky waits (backoff, Retry-After, per-attempt timeout) and where
 * `tokenTimeoutMs` runs by default. Only the timer functions and Date are faked: msw's own
 * machinery (queueMicrotask, setImmediate) stays real. With `auto`, each timer fires as soon as
 * the loop is otherwise idle, earliest first, so retries finish at once whatever they wait; a
 * client under it wants `timeout: false` unless the test is about the timeout.
 */
export function installFakeClock({ auto = true } = {}): FakeClock {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: START });
  const delays: number[] = [];
  // A plain wrapper, not `vi.spyOn`: with `restoreMocks` vitest would restore the spy again before
  // the next test, putting the fake `setTimeout` back after `useRealTimers`.
  const fake = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void, ms?: number) => {
    // What is waited: timers treat a negative delay (ky's wait for a past Retry-After date) as 0.
    delays.push(Math.max(0, ms ?? 0));
    return fake(callback, ms);
  }) as typeof setTimeout;
  let pump: ReturnType<typeof setImmediate> | undefined;
  const tick = () => {
    vi.advanceTimersToNextTimer();
    pump = setImmediate(tick);
  };
  if (auto) pump = setImmediate(tick);
  return {
    timers: systemTimers,
    delays,
    pending: () => vi.getTimerCount(),
    uninstall() {
      clearImmediate(pump);
      globalThis.setTimeout = fake;
      vi.useRealTimers();
    },
  };
}

/** `installFakeClock` around every test of the file; the returned clock is the current test's. */
export function useFakeClock(options: { auto?: boolean } = {}): Omit<FakeClock, "uninstall"> {
  let clock: FakeClock | undefined;
  const current = () => {
    if (!clock) throw new Error("useFakeClock: read the clock inside a test");
    return clock;
  };
  beforeEach(() => {
    clock = installFakeClock(options);
  });
  afterEach(() => {
    clock?.uninstall();
    clock = undefined;
  });
  return {
    timers: systemTimers,
    get delays() {
      return current().delays;
    },
    pending: () => current().pending(),
  };
}

/** Polls on real macrotasks; `vi.waitFor` would advance the fake clock while it polls. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error("until: the condition did not hold after 1000 turns of the event loop");
}

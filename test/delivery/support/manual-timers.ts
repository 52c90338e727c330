import type { Timers } from "../../../src/shared/timers.js";

/** Injected timers on a virtual clock that moves only when the test says so. */
export interface ManualTimers {
  timers: Timers;
  /** Moves the clock, firing every timer that falls due, in order (timers they set included). */
  advance(ms: number): void;
  /** Timers scheduled and neither fired nor cleared. */
  pending(): number;
  /** Delays of the timers still pending, sorted. */
  pendingDelays(): number[];
  /**
   * A laptop sleep of `ms`: the clock jumps, then either every timer that fell due fires at once,
   * at the new time (`"fire-at-once"`, as browsers do on wake), or none does because the timers
   * did not count the sleep and are due as long after waking as they were before it (`"paused"`).
   */
  sleep(ms: number, mode: "fire-at-once" | "paused"): void;
}

export function createManualTimers(start = Date.UTC(2025, 0, 1)): ManualTimers {
  let now = start;
  let nextId = 1;
  const queue = new Map<number, { due: number; ms: number; callback: () => void }>();

  const earliestDue = (limit: number) => {
    let found: [number, { due: number; callback: () => void }] | undefined;
    for (const entry of queue) if (entry[1].due <= limit && (!found || entry[1].due < found[1].due)) found = entry;
    return found;
  };

  return {
    timers: {
      now: () => now,
      setTimeout(callback, ms) {
        const id = nextId++;
        queue.set(id, { due: now + Math.max(0, ms), ms, callback });
        return id;
      },
      clearTimeout: (handle) => void queue.delete(handle as number),
    },
    advance(ms) {
      const target = now + ms;
      for (let next = earliestDue(target); next; next = earliestDue(target)) {
        queue.delete(next[0]);
        now = next[1].due;
        next[1].callback();
      }
      now = target;
    },
    sleep(ms, mode) {
      now += ms;
      if (mode === "paused") {
        for (const entry of queue.values()) entry.due += ms;
        return;
      }
      for (let next = earliestDue(now); next; next = earliestDue(now)) {
        queue.delete(next[0]);
        next[1].callback();
      }
    },
    pending: () => queue.size,
    pendingDelays: () => [...queue.values()].map((entry) => entry.ms).sort((a, b) => a - b),
  };
}

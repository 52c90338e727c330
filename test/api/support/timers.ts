import type { Timers } from "../../../src/shared/timers.js";

export interface TestTimers {
  timers: Timers;
  /** Every delay the SDK asked for, in order. */
  delays: number[];
  /** Timers scheduled and not yet fired or cleared. */
  pending(): number;
  /** Fires every pending timer (manual mode). */
  flush(): void;
}

/**
 * Injected timers on a virtual clock. `auto` fires each timer on the next macrotask (recording
 * its delay) so retry loops finish at once; manual mode holds them until `flush()`.
 */
export function createTestTimers({ auto = true, start = Date.UTC(2025, 0, 1) } = {}): TestTimers {
  let now = start;
  let nextId = 1;
  const delays: number[] = [];
  const queue = new Map<number, { ms: number; callback: () => void }>();

  const fire = (id: number) => {
    const entry = queue.get(id);
    if (!entry) return;
    queue.delete(id);
    now += entry.ms;
    entry.callback();
  };

  const timers: Timers = {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      delays.push(ms);
      queue.set(id, { ms, callback });
      if (auto) globalThis.setTimeout(() => fire(id), 0);
      return id;
    },
    clearTimeout(handle) {
      queue.delete(handle as number);
    },
  };

  return {
    timers,
    delays,
    pending: () => queue.size,
    flush: () => [...queue.keys()].forEach(fire),
  };
}

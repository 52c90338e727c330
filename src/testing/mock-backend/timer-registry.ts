import type { TimerHandle, Timers } from "../../shared/timers.js";

/** Timers the backend owns, so `close()` and `reset()` can cancel every one of them. */
export interface TimerRegistry {
  set(callback: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
  clearAll(): void;
  /** How many are pending; for tests that check nothing leaks. */
  size(): number;
}

export function createTimerRegistry(timers: Timers): TimerRegistry {
  const pending = new Set<TimerHandle>();
  return {
    set(callback, ms) {
      const handle = timers.setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clear(handle) {
      if (pending.delete(handle)) timers.clearTimeout(handle);
    },
    clearAll() {
      for (const handle of pending) timers.clearTimeout(handle);
      pending.clear();
    },
    size: () => pending.size,
  };
}

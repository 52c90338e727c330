import type { Logger } from "../shared/logger.js";

/** Listeners that cannot break the emitter: one that throws is logged and the rest still run. */
export interface ListenerSet<T> {
  /** Adds a listener; returns its (idempotent) removal. */
  add(listener: (value: T) => void): () => void;
  emit(value: T): void;
  clear(): void;
  readonly size: number;
}

export interface ListenerSetHooks {
  /** The first listener arrived. */
  onFirst(): void;
  /** The last listener left (not called by `clear()`). */
  onLast(): void;
}

export function createListenerSet<T>(logger: Logger, hooks: ListenerSetHooks): ListenerSet<T> {
  // Wrapped in an object per add, so the same function added twice is two subscriptions.
  const entries = new Set<{ listener: (value: T) => void }>();

  return {
    add(listener) {
      const entry = { listener };
      entries.add(entry);
      if (entries.size === 1) hooks.onFirst();
      return () => {
        if (!entries.delete(entry)) return;
        if (entries.size === 0) hooks.onLast();
      };
    },
    emit(value) {
      for (const entry of [...entries]) {
        // Removed by an earlier listener during this emit: it asked not to hear more.
        if (!entries.has(entry)) continue;
        try {
          entry.listener(value);
        } catch (error) {
          logger.error("delivery: a listener threw; delivery goes on", error);
        }
      }
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}

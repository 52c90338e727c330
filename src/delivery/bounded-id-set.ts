/** A set of ids that forgets its oldest entries past a limit, so dedup memory stays flat. */
export interface BoundedIdSet {
  has(id: string): boolean;
  /** Adds the id as the newest entry; evicts the oldest when over the limit. */
  add(id: string): void;
  delete(id: string): void;
  readonly size: number;
}

/**
 * Creates a bounded id set. A JavaScript `Set` iterates in insertion order, so its first value is
 * always the oldest and eviction is O(1).
 *
 * @example
 * const seen = createBoundedIdSet(5_000);
 * if (!seen.has(event.eventId)) seen.add(event.eventId);
 */
export function createBoundedIdSet(limit: number): BoundedIdSet {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(id) {
      // Re-adding refreshes the id's age, so ids still in use are the last to be forgotten.
      ids.delete(id);
      ids.add(id);
      while (ids.size > limit) {
        const oldest = ids.values().next();
        if (oldest.done) break;
        ids.delete(oldest.value);
      }
    },
    delete: (id) => void ids.delete(id),
    get size() {
      return ids.size;
    },
  };
}

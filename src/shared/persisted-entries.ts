import type { Logger } from "./logger.js";
import { readJson, writeJson, type KeyValueStorage } from "./storage.js";

/** Every key the SDK writes starts with this. */
export const STORAGE_PREFIX = "coaching-session-sdk";

/** What the SDK persists, each kind under one key per user. */
export type PersistedKind = "outbox" | "pending-jobs";

/**
 * The storage key of one kind of entries for one user: `coaching-session-sdk:<userKey>:<kind>`.
 * Without a `userKey` the scope is `default`. The user key is encoded, so no value can reach
 * into another user's keys.
 */
export const storageKeyOf = (kind: PersistedKind, userKey: string | undefined) =>
  `${STORAGE_PREFIX}:${userKey === undefined ? "default" : encodeURIComponent(userKey)}:${kind}`;

/**
 * A list of entries under one storage key that several writers (tabs sharing `localStorage`,
 * two sessions in one page) change at once. Every change reads the stored list, applies itself
 * and writes it back, so an entry another writer added is never dropped. Entries read back are
 * distrusted: each is checked on its own and one that fails is dropped alone, with a warning.
 */
export interface PersistedEntries<T> {
  /** The valid entries, oldest first; never throws. */
  load(): T[];
  /** Adds or replaces (by id) one entry. */
  put(entry: T): void;
  /** Removes the entries whose ids are given. */
  remove(ids: Iterable<string>): void;
  /** Removes every entry `match` selects. */
  removeWhere(match: (entry: T) => boolean): void;
}

export interface PersistedEntriesOptions<T> {
  storage: KeyValueStorage;
  key: string;
  idOf(entry: T): string;
  /** The entry rebuilt field by field from what was stored, or a reason to drop it. */
  parse(raw: unknown): T | string;
  logger: Logger;
}

export function createPersistedEntries<T>(options: PersistedEntriesOptions<T>): PersistedEntries<T> {
  const { storage, key, idOf, logger } = options;

  const read = (): T[] => {
    const stored = readJson(storage, key);
    if (stored === undefined) return [];
    if (!Array.isArray(stored)) {
      logger.warn(`storage: ignored ${key}: not a list`);
      return [];
    }
    const entries: T[] = [];
    for (const raw of stored) {
      const entry = options.parse(raw);
      if (typeof entry === "string") logger.warn(`storage: dropped an entry of ${key}: ${entry}`);
      else entries.push(entry);
    }
    return entries;
  };

  const change = (apply: (entries: T[]) => T[]) => {
    const next = apply(read());
    writeJson(storage, key, next.length === 0 ? undefined : next);
  };

  return {
    load: read,
    put: (entry) => change((entries) => [...entries.filter((e) => idOf(e) !== idOf(entry)), entry]),
    remove(ids) {
      const gone = new Set(ids);
      if (gone.size > 0) change((entries) => entries.filter((e) => !gone.has(idOf(e))));
    },
    removeWhere: (match) => change((entries) => entries.filter((e) => !match(e))),
  };
}

/**
 * Forgets what the SDK persisted for one user (call it at logout): unsent messages and pending
 * jobs. Without `userKey` it forgets the default scope (sessions created without a `userKey`).
 *
 * @example
 * await auth.signOut();
 * clearPersistedState(sessionStorage, user.id);
 */
export function clearPersistedState(storage: KeyValueStorage, userKey?: string): void {
  for (const kind of ["outbox", "pending-jobs"] as const) writeJson(storage, storageKeyOf(kind, userKey), undefined);
}

import type { Logger } from "./logger.js";
import { defaultStorage, readJson, writeJson, type KeyValueStorage } from "./storage.js";

/** Every key the SDK writes starts with this. */
export const STORAGE_PREFIX = "coaching-session-sdk";

/** What the SDK persists, each kind under one key per user. */
const PERSISTED_KINDS = ["outbox", "pending-jobs"] as const;
export type PersistedKind = (typeof PERSISTED_KINDS)[number];

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

/** Web Storage lists its keys; a custom `KeyValueStorage` may not. */
interface ListableStorage extends KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
}

const isListable = (storage: KeyValueStorage): storage is ListableStorage =>
  typeof (storage as Partial<ListableStorage>).key === "function" && typeof (storage as Partial<ListableStorage>).length === "number";

/**
 * Forgets what the SDK persisted (call it at logout): unsent messages and pending jobs. With a
 * `userKey`, that user's only. Without one, everything the SDK wrote when the storage can list
 * its keys (`sessionStorage` and `localStorage` can), else the default scope (state kept without a
 * `userKey`). Never throws: storage that refuses is left as it is.
 *
 * @example
 * await auth.signOut();
 * clearPersistedState(localStorage, user.id);
 */
export function clearPersistedState(storage: KeyValueStorage = defaultStorage(), userKey?: string): void {
  const keys = new Set<string>();
  if (userKey !== undefined || !isListable(storage)) {
    for (const kind of PERSISTED_KINDS) keys.add(storageKeyOf(kind, userKey));
  } else {
    try {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(`${STORAGE_PREFIX}:`)) keys.add(key);
      }
    } catch {
      // a storage that refuses to list: nothing more to find
    }
  }
  for (const key of keys) writeJson(storage, key, undefined);
}

/** The subset of Web Storage the SDK uses; `sessionStorage`, `localStorage` or your own. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A Map-backed storage: the fallback under SSR and in Node, and handy in tests. */
export function createMemoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** `sessionStorage` when the runtime has a usable one (Safari private mode throws), else memory. */
export function defaultStorage(): KeyValueStorage {
  try {
    const storage = (globalThis as { sessionStorage?: KeyValueStorage }).sessionStorage;
    if (storage) {
      const probe = "__coaching_probe__";
      storage.setItem(probe, "1");
      storage.removeItem(probe);
      return storage;
    }
  } catch {
    // fall through: storage exists but is unusable
  }
  return createMemoryStorage();
}

/** Reads JSON from storage; a missing, corrupt or unreadable entry is `undefined`, never a throw. */
export function readJson(storage: KeyValueStorage, key: string): unknown {
  try {
    const raw = storage.getItem(key);
    return raw == null ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Writes JSON to storage; a full or unavailable storage is ignored (persistence is best effort). */
export function writeJson(storage: KeyValueStorage, key: string, value: unknown): void {
  try {
    if (value === undefined) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    // quota exceeded or storage disabled: keep working in memory
  }
}

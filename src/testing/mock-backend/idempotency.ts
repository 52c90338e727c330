import type { MockHttpResponse } from "./types.js";

export type IdempotencyCheck =
  | { kind: "new" }
  | { kind: "replay"; response: MockHttpResponse }
  | { kind: "in-progress" }
  | { kind: "reused" };

/**
 * Records `Idempotency-Key`s the way the contract describes: a replay with the same request gets
 * the stored response, a concurrent duplicate gets "in progress", another request under the same
 * key gets "reused". Only successful responses are stored, so a refused call (e.g. 409 while the
 * session is paused) can be retried under the same key once the cause is gone. Keys are per user:
 * two users may use the same key without seeing each other's responses.
 */
export interface IdempotencyStore {
  begin(user: string, key: string, fingerprint: string): IdempotencyCheck;
  /** Ends what `begin` started: stores a 2xx response, forgets anything else. */
  finish(user: string, key: string, response: MockHttpResponse): void;
  clear(): void;
}

type Entry = { fingerprint: string; response: MockHttpResponse | null };

export function createIdempotencyStore(): IdempotencyStore {
  const byUser = new Map<string, Map<string, Entry>>();
  const entriesOf = (user: string) => {
    let entries = byUser.get(user);
    if (!entries) byUser.set(user, (entries = new Map()));
    return entries;
  };
  return {
    begin(user, key, fingerprint) {
      const entries = entriesOf(user);
      const entry = entries.get(key);
      if (!entry) {
        entries.set(key, { fingerprint, response: null });
        return { kind: "new" };
      }
      if (entry.fingerprint !== fingerprint) return { kind: "reused" };
      if (!entry.response) return { kind: "in-progress" };
      return { kind: "replay", response: structuredClone(entry.response) };
    },
    finish(user, key, response) {
      const entries = entriesOf(user);
      const entry = entries.get(key);
      if (!entry || entry.response) return;
      if (response.status >= 200 && response.status < 300 && !response.networkError) {
        entry.response = structuredClone(response);
      } else {
        entries.delete(key);
      }
    },
    clear: () => byUser.clear(),
  };
}

/** Method, path and body with keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return `${method.toUpperCase()} ${path} ${canonicalJson(body)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

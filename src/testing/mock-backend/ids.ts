/**
 * Counter-based ids (`sess_1`, `job_1`, ...) rather than UUIDs: a test that runs twice sees the
 * same ids, and failures are easy to read.
 */
export interface IdSource {
  next(prefix: "sess" | "job" | "msg" | "evt" | "req"): string;
  reset(): void;
}

export function createIdSource(): IdSource {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const value = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, value);
      return `${prefix}_${value}`;
    },
    reset: () => counters.clear(),
  };
}

/**
 * Counter-based ids (`sess_1`, `job_12`, ...) rather than UUIDs, so failures are easy to read.
 *
 * The counters are shared by every backend in the process and `reset()` does not rewind them.
 * What the SDK persists (pending jobs in sessionStorage, say) outlives a test, its `reset()` and
 * even its backend: had the next test's first job been `job_1` again, the SDK would take it for
 * the job it already settled and never show its reply.
 */
export interface IdSource {
  next(prefix: IdPrefix): string;
}

export type IdPrefix = "sess" | "job" | "msg" | "evt" | "req";

// On `globalThis` under a registered symbol rather than in module scope: a process that loads
// both the ESM and the CJS build of the kit still gets one set of counters.
const COUNTERS = Symbol.for("coaching-session-sdk/testing/id-counters");
type Counters = Map<string, number>;

function processCounters(): Counters {
  const holder = globalThis as { [COUNTERS]?: Counters };
  return (holder[COUNTERS] ??= new Map());
}

export function createIdSource(): IdSource {
  return {
    next(prefix) {
      const counters = processCounters();
      const value = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, value);
      return `${prefix}_${value}`;
    },
  };
}

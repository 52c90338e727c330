import type { JobError } from "../../contract/job.js";
import type { AuthGate } from "./auth-gate.js";
import type { HttpFaultQueue } from "./http-faults.js";
import type { IdempotencyStore } from "./idempotency.js";
import type { IdSource } from "./ids.js";
import type { ResolvedMockBackendOptions } from "./options.js";
import type { SocketHub } from "./socket-hub.js";
import type { Store } from "./store.js";
import type { TimerRegistry } from "./timer-registry.js";
import type { RequestLogEntry } from "./types.js";

/**
 * Everything the backend's parts share. One object, passed down, instead of module state, so
 * two backends in one test never see each other.
 */
export interface BackendContext {
  /** The options; `processingDelayMs` and `turnsUntilFinal` may change at run time. */
  config: ResolvedMockBackendOptions;
  store: Store;
  ids: IdSource;
  timers: TimerRegistry;
  auth: AuthGate;
  hub: SocketHub;
  httpFaults: HttpFaultQueue;
  idempotency: IdempotencyStore;
  /** Errors for the next jobs to finish: each one fails a job instead of completing it. */
  jobFailures: JobError[];
  requestLog: RequestLogEntry[];
  /** Resolvers of calls sleeping in a delay fault; `close()` wakes them. */
  sleepers: Set<() => void>;
  /** Bumped by `reset()` and `close()`: a call that slept across a bump answers 503 instead of running. */
  generation: number;
  now(): number;
}

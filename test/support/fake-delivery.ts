import type { ConnectionState, DeliveryEvent, DeliveryListener, JobDelivery, TrackedJob } from "../../src/delivery/types.js";

/**
 * A hand-driven JobDelivery for machine tests: records what the machine asks of it and lets the
 * test emit completions, failures and session updates.
 */
export interface FakeDelivery extends JobDelivery {
  emit(event: DeliveryEvent): void;
  tracked: TrackedJob[];
  watched: (string | null)[];
  untrackedSessions: string[];
  stopped: string[];
  /** How the next `stopReply` answers; by default it resolves (the outcome then comes as an event). */
  stopAnswer: () => Promise<void>;
  listenerCount(): number;
}

export function createFakeDelivery(restored: TrackedJob[] = []): FakeDelivery {
  const listeners = new Set<DeliveryListener>();
  const pending = new Map(restored.map((job) => [job.jobId, job]));
  let connection: ConnectionState = { status: "idle", reason: "not-started", since: 0 };
  const fake: FakeDelivery = {
    tracked: [],
    watched: [],
    untrackedSessions: [],
    stopped: [],
    stopAnswer: () => Promise.resolve(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watchSession(sessionId) {
      fake.watched.push(sessionId);
    },
    track(job) {
      const tracked = { ...job, trackedAt: job.trackedAt ?? 0 };
      fake.tracked.push(tracked);
      pending.set(job.jobId, tracked);
    },
    untrack(jobId) {
      pending.delete(jobId);
    },
    untrackSession(sessionId) {
      fake.untrackedSessions.push(sessionId);
      for (const job of [...pending.values()]) if (job.sessionId === sessionId) pending.delete(job.jobId);
    },
    stopReply(jobId) {
      fake.stopped.push(jobId);
      return fake.stopAnswer();
    },
    pendingJobs: () => [...pending.values()],
    reconcile() {},
    getConnection: () => connection,
    stop() {
      listeners.clear();
    },
    emit(event) {
      if (event.type === "connection") connection = event.connection;
      if (event.type === "job.completed" || event.type === "job.failed") pending.delete(event.job.jobId);
      for (const listener of [...listeners]) listener(event);
    },
    listenerCount: () => listeners.size,
  };
  return fake;
}

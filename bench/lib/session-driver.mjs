import { createCoachingSession, createJobDelivery, createMemoryStorage, noopEnvironment } from "coaching-session-sdk";

/**
 * A whole session actor (`createCoachingSession`) over `client`, driven the way a page drives it.
 * Its delivery is the real one, wrapped only to tell the bench which job each SEND became, so the
 * bench's "server" can stream that job's reply.
 */
export function createSessionDriver(client) {
  const real = createJobDelivery(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  const tracked = [];
  const delivery = {
    ...real,
    track(job) {
      real.track(job);
      tracked.push(job);
    },
  };
  const actor = createCoachingSession(client, { storage: createMemoryStorage(), environment: noopEnvironment, delivery });
  const waiters = new Set();
  const subscription = actor.subscribe((snapshot) => {
    for (const check of [...waiters]) check(snapshot);
  });

  /** Resolves with the first snapshot (current or next) that matches; rejects after `timeoutMs`. */
  const until = (predicate, timeoutMs = 5_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`session actor stuck in ${JSON.stringify(actor.getSnapshot().value)}`));
      }, timeoutMs);
      const check = (snapshot) => {
        if (!predicate(snapshot)) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(snapshot);
      };
      waiters.add(check);
      check(actor.getSnapshot());
    });

  return {
    actor,
    until,
    /** Starts the actor and waits for an active session on a live socket; returns the session id. */
    async start() {
      actor.start();
      const snapshot = await until((s) => s.hasTag("can-send") && s.context.connection.status === "live");
      return snapshot.context.session.id;
    },
    /** Sends a message and waits until delivery tracks its job; returns the tracked job. */
    async send(text) {
      const before = tracked.length;
      actor.send({ type: "SEND", text });
      await until(() => tracked.length > before);
      return tracked[tracked.length - 1];
    },
    /** Waits until the reply to `jobId` is in the transcript (the turn is over). */
    replied: (jobId) => until((s) => s.context.awaiting === null && s.context.messages.at(-1)?.jobId === jobId && s.context.messages.at(-1).role === "coach"),
    stop() {
      subscription.unsubscribe();
      actor.stop();
    },
  };
}

import { WebSocket } from "ws";
import { createCoachingClient, createJobDelivery, createMemoryStorage, noopEnvironment, silentLogger } from "coaching-session-sdk";
import { startMockCoachingServer } from "coaching-session-sdk/testing/server";
import { median, summarize } from "../lib/stats.mjs";
import { sleep, waitUntil } from "../lib/wait.mjs";

/**
 * Time from a socket drop to the SDK's first poll of a pending job, on the real mock server.
 *
 * One job is kept pending (the server takes minutes to answer). Each round waits for a live
 * socket, then `backend.faults.dropSockets()` ends it abruptly (the client sees 1006); the clock
 * runs from the drop to the SDK calling `fetch` for `GET /coaching/jobs/{id}` (a wrapped `fetch`
 * records the call, so server-side queueing is not counted). Default delivery options.
 */
export async function benchDropToPoll({ drops = 7, mode = "abrupt" } = {}) {
  const server = await startMockCoachingServer({ processingDelayMs: 600_000, turnsUntilFinal: 1_000 });
  const pollCalls = [];
  const client = createCoachingClient({
    baseUrl: server.url,
    socketUrl: server.socketUrl,
    WebSocket,
    getToken: () => "bench-token",
    logger: silentLogger,
    fetch: (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes("/coaching/jobs/")) pollCalls.push(performance.now());
      return globalThis.fetch(input, init);
    },
  });
  const delivery = createJobDelivery(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  const liveAt = [];
  const unsubscribe = delivery.subscribe((event) => {
    if (event.type === "connection" && event.connection.status === "live") liveAt.push(performance.now());
  });
  const dropToPollMs = [];
  const dropToLiveMs = [];
  const firstPollBy = { "poll-timer": 0, "reconnect-reconcile": 0 };
  try {
    const { session } = await client.api.startSession();
    delivery.watchSession(session.id);
    await waitUntil(() => delivery.getConnection().status === "live", { timeoutMs: 5_000, what: "a live socket" });
    const { jobId } = await client.api.sendMessage(session.id, { content: "a slow one", clientMessageId: "bench-drop" });
    delivery.track({ jobId, sessionId: session.id });
    for (let round = 0; round < drops; round++) {
      await waitUntil(() => delivery.getConnection().status === "live", { timeoutMs: 35_000, what: "live again" });
      // Let the reconnect's own reconcile poll finish, so it is not mistaken for this drop's poll.
      await sleep(300);
      const pollsBefore = pollCalls.length;
      const livesBefore = liveAt.length;
      const t0 = performance.now();
      server.backend.faults.dropSockets(mode);
      await waitUntil(() => pollCalls.length > pollsBefore, { timeoutMs: 35_000, intervalMs: 1, what: "a poll after the drop" });
      dropToPollMs.push(pollCalls[pollsBefore] - t0);
      await waitUntil(() => liveAt.length > livesBefore, { timeoutMs: 35_000, intervalMs: 1, what: "live after the drop" });
      dropToLiveMs.push(liveAt[livesBefore] - t0);
      // Which came first: the poll scheduled at the drop, or the reconcile when the socket came back?
      firstPollBy[pollCalls[pollsBefore] < liveAt[livesBefore] ? "poll-timer" : "reconnect-reconcile"] += 1;
    }
    return {
      drops,
      mode,
      dropToFirstPollMs: summarize(dropToPollMs),
      medianDropToFirstPollMs: median(dropToPollMs),
      dropToLiveMs: summarize(dropToLiveMs),
      medianDropToLiveMs: median(dropToLiveMs),
      firstPollBy,
      samplesMs: dropToPollMs,
      stillPending: delivery.pendingJobs().length,
    };
  } finally {
    unsubscribe();
    delivery.stop();
    await server.close();
  }
}

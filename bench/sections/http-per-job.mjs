import { createServer } from "node:net";
import { WebSocket } from "ws";
import {
  createCoachingClient,
  createCoachingSession,
  createJobDelivery,
  createMemoryStorage,
  noopEnvironment,
  silentLogger,
} from "coaching-session-sdk";
import { startMockCoachingServer } from "coaching-session-sdk/testing/server";
import { median, summarize } from "../lib/stats.mjs";
import { sleep, waitUntil } from "../lib/wait.mjs";

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function deadPort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const countRoute = (backend, route, from = 0) => backend.requests.slice(from).filter((r) => r.route === route).length;

/**
 * GET /coaching/jobs calls per job, through the real mock server (HTTP + `ws`), with the delivery
 * layer's default polling cadence (first poll after ~0.5-1 s, then the server's `Retry-After: 1`).
 *
 * Modes:
 * - `healthy`: the socket is live before the first job; jobs complete over it.
 * - `no-socket`: the client has no `socketUrl` (polling-only deployment).
 * - `socket-unreachable`: `socketUrl` points at a closed port; the SDK keeps reconnecting and polls.
 *
 * `jobs` messages are sent `staggerMs` apart (in parallel, to keep the run short) to one session;
 * each job takes `processingMs` on the server.
 */
export async function benchHttpPerJob({ jobs = 30, processingMs = 1_500, staggerMs = 50 } = {}) {
  const modes = {};
  for (const mode of ["healthy", "no-socket", "socket-unreachable"]) {
    modes[mode] = await runMode(mode, { jobs, processingMs, staggerMs });
  }
  return { jobs, processingMs, staggerMs, modes };
}

async function runMode(mode, { jobs, processingMs, staggerMs }) {
  const server = await startMockCoachingServer({ processingDelayMs: processingMs, turnsUntilFinal: 1_000_000 });
  const socketUrl = mode === "healthy" ? server.socketUrl : mode === "socket-unreachable" ? `ws://127.0.0.1:${await deadPort()}/coaching` : undefined;
  const client = createCoachingClient({ baseUrl: server.url, socketUrl, WebSocket, getToken: () => "bench-token", logger: silentLogger });
  const delivery = createJobDelivery(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  const sentAt = new Map();
  const latencyMs = [];
  const via = { socket: 0, poll: 0 };
  let settled = 0;
  let failed = 0;
  const unsubscribe = delivery.subscribe((event) => {
    if (event.type === "job.completed" || event.type === "job.failed") {
      settled += 1;
      if (event.type === "job.failed") failed += 1;
      else via[event.via] += 1;
      latencyMs.push(performance.now() - sentAt.get(event.job.jobId));
    }
  });
  try {
    const { session } = await client.api.startSession();
    delivery.watchSession(session.id);
    if (mode === "healthy") await waitUntil(() => delivery.getConnection().status === "live", { timeoutMs: 5_000, what: "a live socket" });
    else await sleep(50);
    const from = server.backend.requests.length;
    const sends = [];
    for (let i = 0; i < jobs; i++) {
      const clientMessageId = `bench-${mode}-${i}`;
      const started = performance.now();
      sends.push(
        client.api.sendMessage(session.id, { content: `message ${i}`, clientMessageId }).then(({ jobId }) => {
          sentAt.set(jobId, started);
          delivery.track({ jobId, sessionId: session.id, clientMessageId });
        }),
      );
      await sleep(staggerMs);
    }
    await Promise.all(sends);
    await waitUntil(() => settled === jobs, { timeoutMs: processingMs + 15_000, intervalMs: 10, what: `${jobs} jobs settled (${mode})` });
    const getJob = countRoute(server.backend, "getJob", from);
    const all = server.backend.requests.length - from;
    return {
      socketUrl: socketUrl ?? null,
      connection: delivery.getConnection().status,
      getJobPerJob: getJob / jobs,
      httpPerJob: all / jobs,
      getJobTotal: getJob,
      deliveredVia: via,
      failed,
      replyLatencyMs: summarize(latencyMs),
      replyLatencyP50Ms: median(latencyMs),
    };
  } finally {
    unsubscribe();
    delivery.stop();
    await server.close();
  }
}

/**
 * The same question through the whole actor: a fresh session, `turns` messages sent one after the
 * other as soon as the actor can send, socket healthy. Shows what polling the cold start costs
 * (the first message can be tracked before the socket is live).
 */
export async function benchActorPolls({ turns = 10, processingMs = 100 } = {}) {
  const server = await startMockCoachingServer({ processingDelayMs: processingMs, turnsUntilFinal: turns });
  const client = createCoachingClient({ baseUrl: server.url, socketUrl: server.socketUrl, WebSocket, getToken: () => "bench-token", logger: silentLogger });
  const actor = createCoachingSession(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  const replies = () => actor.getSnapshot().context.messages.filter((m) => m.role === "coach").length;
  const pollsAtTurn = [];
  try {
    actor.start();
    await waitUntil(() => actor.getSnapshot().hasTag("can-send"), { timeoutMs: 5_000, what: "an active session" });
    const started = performance.now();
    for (let turn = 1; turn <= turns; turn++) {
      actor.send({ type: "SEND", text: `turn ${turn}` });
      await waitUntil(() => replies() >= turn, { timeoutMs: 10_000, intervalMs: 2, what: `reply ${turn}` });
      pollsAtTurn.push(countRoute(server.backend, "getJob"));
    }
    await waitUntil(() => actor.getSnapshot().matches("completed"), { timeoutMs: 5_000, what: "completed" });
    const total = countRoute(server.backend, "getJob");
    return {
      turns,
      processingMs,
      finalState: String(actor.getSnapshot().value),
      getJobTotal: total,
      getJobFirstTurn: pollsAtTurn[0],
      getJobAfterFirstTurn: total - pollsAtTurn[0],
      msPerTurn: (performance.now() - started) / turns,
    };
  } finally {
    actor.stop();
    await server.close();
  }
}

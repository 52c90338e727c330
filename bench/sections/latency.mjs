import { WebSocket } from "ws";
import { createCoachingClient, createJobDelivery, createMemoryStorage, noopEnvironment, silentLogger } from "coaching-session-sdk";
import { startContractWsServer } from "../lib/contract-ws-server.mjs";
import { completedFrame } from "../lib/frames.mjs";
import { summarize } from "../lib/stats.mjs";
import { waitUntil, withTimeout } from "../lib/wait.mjs";

const SESSION = "sess-bench";

/**
 * Delivery latency, SDK vs a raw `ws` client, for the same `job.completed` frame.
 *
 * Both clients stay connected to one local server. Each iteration pushes a fresh frame to one
 * client, waits for that client's handler, then pushes the same frame text to the other (the
 * order alternates), so the two never compete for the event loop. Latency runs from just before
 * `socket.send` on the server to the moment the client's handler runs:
 * - raw: the `ws` `message` listener, after `JSON.parse` and a type/jobId check;
 * - SDK: the `createJobDelivery` listener receiving `job.completed` for a tracked job, i.e. after
 *   reconnecting-websocket dispatch, size check, JSON.parse, zod validation, dedupe, settle and
 *   the pending-jobs write to storage.
 */
export async function benchLatency({ warmup = 2_000, iterations = 10_000 } = {}) {
  const server = await startContractWsServer();
  let polls = 0;
  const client = createCoachingClient({
    baseUrl: "http://127.0.0.1:9/api",
    socketUrl: server.urlFor("sdk"),
    WebSocket,
    getToken: () => "bench-token",
    logger: silentLogger,
    // Any poll would be a bug here: the socket is live for the whole run.
    fetch: async () => {
      polls += 1;
      throw new TypeError("the latency bench serves no HTTP");
    },
  });
  const delivery = createJobDelivery(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  const raw = new WebSocket(server.urlFor("raw"));
  raw.on("error", () => {});

  let waiting = null; // { jobId, resolve }
  const arrived = (jobId) => {
    const t = process.hrtime.bigint();
    if (waiting && waiting.jobId === jobId) {
      const { resolve } = waiting;
      waiting = null;
      resolve(t);
    }
  };
  const unsubscribe = delivery.subscribe((event) => {
    if (event.type === "job.completed") arrived(event.job.jobId);
  });
  raw.on("message", (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type === "job.completed" && typeof frame.jobId === "string") arrived(frame.jobId);
  });

  try {
    await new Promise((resolve, reject) => {
      raw.once("open", resolve);
      raw.once("error", reject);
    });
    delivery.watchSession(SESSION);
    await waitUntil(() => delivery.getConnection().status === "live" && server.peer("raw"), { timeoutMs: 5_000, what: "both clients connected" });

    const pushTo = (label, jobId, frame) => {
      const peer = server.peer(label);
      const received = new Promise((resolve) => (waiting = { jobId, resolve }));
      const t0 = process.hrtime.bigint();
      peer.send(frame);
      return withTimeout(received, 2_000, `${label} to receive ${jobId}`).then((t1) => Number(t1 - t0) / 1_000);
    };

    const sdkUs = [];
    const rawUs = [];
    const total = warmup + iterations;
    for (let i = 0; i < total; i++) {
      const jobId = `job-${i}`;
      const frame = completedFrame(jobId, SESSION);
      delivery.track({ jobId, sessionId: SESSION });
      let sdk;
      let rawTime;
      if (i % 2 === 0) {
        sdk = await pushTo("sdk", jobId, frame);
        rawTime = await pushTo("raw", jobId, frame);
      } else {
        rawTime = await pushTo("raw", jobId, frame);
        sdk = await pushTo("sdk", jobId, frame);
      }
      if (i === warmup) globalThis.gc?.();
      if (i >= warmup) {
        sdkUs.push(sdk);
        rawUs.push(rawTime);
      }
    }
    const sdkStats = summarize(sdkUs);
    const rawStats = summarize(rawUs);
    const overheadUs = sdkUs.map((value, i) => value - rawUs[i]);
    return {
      iterations,
      warmup,
      frameBytes: Buffer.byteLength(completedFrame("job-0", SESSION)),
      sdkUs: sdkStats,
      rawUs: rawStats,
      // Paired per iteration (same frame, back to back): the SDK's own cost per delivery.
      pairedOverheadUs: summarize(overheadUs),
      ratioP50: sdkStats.p50 / rawStats.p50,
      ratioP99: sdkStats.p99 / rawStats.p99,
      pollsDuringRun: polls,
      pendingAfter: delivery.pendingJobs().length,
    };
  } finally {
    unsubscribe();
    delivery.stop();
    raw.terminate();
    await server.close();
  }
}

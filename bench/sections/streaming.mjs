import { WebSocket } from "ws";
import { createCoachingClient, createJobDelivery, createMemoryStorage, noopEnvironment, selectPartialReply, silentLogger } from "coaching-session-sdk";
import { startContractWsServer } from "../lib/contract-ws-server.mjs";
import { createFakeApiFetch } from "../lib/fake-api.mjs";
import { FakeWebSocket } from "../lib/fake-websocket.mjs";
import { completedFrame } from "../lib/frames.mjs";
import { cpuMs, gc, sampleHeap, yieldToLoop } from "../lib/measure.mjs";
import { createSessionDriver } from "../lib/session-driver.mjs";
import { median, summarize } from "../lib/stats.mjs";
import { replyDeltas, replyFrames } from "../lib/stream-frames.mjs";
import { waitUntil, withTimeout } from "../lib/wait.mjs";

// Streamed replies (contract v1.1 `job.progress`): how fast a chunk becomes visible, what each
// chunk costs, and whether memory stays flat. Figures only; nothing is asserted.

const SESSION = "sess-stream";
const noHttp = (counter) => async () => {
  counter.polls += 1;
  throw new TypeError("this bench serves no job polls");
};

/**
 * Chunk latency over a real `ws` server on 127.0.0.1, from just before `socket.send` on the server
 * to the moment each client's handler has the chunk's text:
 * - raw: a `ws` `message` listener, after `JSON.parse` and a type check (no assembly at all);
 * - delivery: the `createJobDelivery` listener receiving `job.progress` with the text so far;
 * - actor: a `createCoachingSession` subscriber whose snapshot's `selectPartialReply` holds it
 *   (reconnecting-websocket, parse, zod, assembly, the delivery bridge, the machine's transition).
 * The three clients are pushed one after the other, never at once, in rotating order. The first
 * chunk of each reply is also reported alone: the wait before any text shows.
 */
export async function benchStreamingLatency({ warmupReplies = 10, replies = 100, chunksPerReply = 50 } = {}) {
  const server = await startContractWsServer();
  const counter = { polls: 0 };
  const deliveryClient = createCoachingClient({ baseUrl: "http://127.0.0.1:9/api", socketUrl: server.urlFor("delivery"), WebSocket, getToken: () => "bench", logger: silentLogger, fetch: noHttp(counter) });
  const delivery = createJobDelivery(deliveryClient, { storage: createMemoryStorage(), environment: noopEnvironment });
  const api = createFakeApiFetch();
  const actorClient = createCoachingClient({ baseUrl: "http://fake.invalid/api", socketUrl: server.urlFor("actor"), WebSocket, getToken: () => "bench", logger: silentLogger, timeout: false, fetch: api.fetch });
  const driver = createSessionDriver(actorClient);
  const raw = new WebSocket(server.urlFor("raw"));
  raw.on("error", () => {});

  // One awaited arrival at a time: { label, length, resolve }.
  let waiting = null;
  const arrived = (label, length) => {
    const t = process.hrtime.bigint();
    if (waiting && waiting.label === label && waiting.length === length) {
      const { resolve } = waiting;
      waiting = null;
      resolve(t);
    }
  };
  const unsubscribe = delivery.subscribe((event) => {
    if (event.type === "job.progress") arrived("delivery", event.text.length);
  });
  driver.actor.subscribe((snapshot) => {
    const text = selectPartialReply(snapshot);
    if (text !== null) arrived("actor", text.length);
  });
  // The raw client keeps the text too (a plain `+=`), so "length" means the same for all three.
  let rawText = "";
  raw.on("message", (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type !== "job.progress" || typeof frame.delta !== "string") return;
    rawText = frame.seq === 1 ? frame.delta : rawText + frame.delta;
    arrived("raw", rawText.length);
  });

  const push = (label, frame, length) => {
    const peer = server.peer(label);
    const received = new Promise((resolve) => (waiting = { label, length, resolve }));
    const t0 = process.hrtime.bigint();
    peer.send(frame);
    return withTimeout(received, 2_000, `${label} to show ${length} characters`).then((t1) => Number(t1 - t0) / 1_000);
  };

  try {
    await new Promise((resolve, reject) => {
      raw.once("open", resolve);
      raw.once("error", reject);
    });
    delivery.watchSession(SESSION);
    const actorSession = await driver.start();
    await waitUntil(() => delivery.getConnection().status === "live" && server.peer("raw"), { timeoutMs: 5_000, what: "clients connected" });

    const us = { raw: [], delivery: [], actor: [] };
    const firstUs = { raw: [], delivery: [], actor: [] };
    const deltas = replyDeltas(chunksPerReply);
    const lengths = deltas.map((_, i) => deltas.slice(0, i + 1).join("").length);
    const labels = ["raw", "delivery", "actor"];
    for (let r = 0; r < warmupReplies + replies; r++) {
      const measured = r >= warmupReplies;
      if (r === warmupReplies) gc();
      const jobId = `job-stream-${r}`;
      delivery.track({ jobId, sessionId: SESSION });
      const actorJob = await driver.send(`message ${r}`);
      // The same frames for raw and delivery; the actor's carry its own session and job ids.
      const shared = replyFrames(jobId, SESSION, deltas).frames;
      const forActor = replyFrames(actorJob.jobId, actorSession, deltas).frames;
      for (let c = 0; c < chunksPerReply; c++) {
        const order = labels.map((_, i) => labels[(i + r + c) % labels.length]);
        for (const label of order) {
          const micros = await push(label, label === "actor" ? forActor[c] : shared[c], lengths[c]);
          if (!measured) continue;
          us[label].push(micros);
          if (c === 0) firstUs[label].push(micros);
        }
      }
      server.peer("delivery").send(completedFrame(jobId, SESSION));
      server.peer("actor").send(completedFrame(actorJob.jobId, actorSession));
      await driver.replied(actorJob.jobId);
    }
    const stats = Object.fromEntries(Object.entries(us).map(([label, samples]) => [label, summarize(samples)]));
    const first = Object.fromEntries(Object.entries(firstUs).map(([label, samples]) => [label, summarize(samples)]));
    return {
      replies,
      chunksPerReply,
      chunks: us.raw.length,
      frameBytes: Buffer.byteLength(replyFrames("job-stream-0", SESSION, deltas).frames[0]),
      rawUs: stats.raw,
      deliveryUs: stats.delivery,
      actorUs: stats.actor,
      ratio: {
        deliveryP50: stats.delivery.p50 / stats.raw.p50,
        deliveryP99: stats.delivery.p99 / stats.raw.p99,
        actorP50: stats.actor.p50 / stats.raw.p50,
        actorP99: stats.actor.p99 / stats.raw.p99,
      },
      // Paired per chunk (same chunk, back to back): the SDK's own cost, less exposed to noise than p99 / p99.
      pairedOverheadUs: {
        delivery: summarize(us.delivery.map((value, i) => value - us.raw[i])),
        actor: summarize(us.actor.map((value, i) => value - us.raw[i])),
      },
      firstChunkUs: first,
      pollsDuringRun: counter.polls + api.calls.getJob,
    };
  } finally {
    unsubscribe();
    delivery.stop();
    driver.stop();
    raw.terminate();
    await server.close();
  }
}

/** A live delivery over the in-process socket, counting what it emits. */
async function liveFakeDelivery() {
  const counter = { polls: 0 };
  const client = createCoachingClient({ baseUrl: "http://fake.invalid/api", socketUrl: "ws://fake.invalid/coaching", WebSocket: FakeWebSocket, getToken: () => "bench", logger: silentLogger, fetch: noHttp(counter) });
  const delivery = createJobDelivery(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  const seen = { progress: 0, completed: 0, lastLength: 0 };
  const unsubscribe = delivery.subscribe((event) => {
    if (event.type === "job.progress") {
      seen.progress += 1;
      seen.lastLength = event.text.length;
    } else if (event.type === "job.completed") seen.completed += 1;
  });
  delivery.watchSession(SESSION);
  await waitUntil(() => delivery.getConnection().status === "live", { timeoutMs: 2_000, what: "fake socket live" });
  return {
    delivery,
    socket: FakeWebSocket.latestOpen(),
    seen,
    polls: () => counter.polls,
    stop() {
      unsubscribe();
      delivery.stop();
      FakeWebSocket.reset();
    },
  };
}

/** A session actor over the in-process socket and fetch: the transport costs ~nothing. */
async function liveFakeActor() {
  const api = createFakeApiFetch();
  const client = createCoachingClient({ baseUrl: "http://fake.invalid/api", socketUrl: "ws://fake.invalid/coaching", WebSocket: FakeWebSocket, getToken: () => "bench", logger: silentLogger, timeout: false, fetch: api.fetch });
  const driver = createSessionDriver(client);
  let lastLength = 0;
  // What a page does on each snapshot: read the reply being written.
  driver.actor.subscribe((snapshot) => {
    const text = selectPartialReply(snapshot);
    if (text !== null) lastLength = text.length;
  });
  const sessionId = await driver.start();
  return { driver, api, sessionId, socket: FakeWebSocket.latestOpen(), lastLength: () => lastLength };
}

/**
 * CPU per 10,000 chunks, replies of `chunksPerReply` chunks (so 100 replies of 100, or 5 of
 * 2,000): only the chunk frames are timed, handed to the in-process socket synchronously, built
 * beforehand. A cost per chunk that grows with the reply's length would show as a higher figure
 * at 2,000. `floor` is the same loop doing what any client must: `JSON.parse` and `+=`.
 */
export async function benchStreamingCpu({ chunks = 10_000, chunksPerReplyList = [100, 2_000], rounds = 5 } = {}) {
  const results = {};
  for (const chunksPerReply of chunksPerReplyList) {
    const replies = Math.max(1, Math.round(chunks / chunksPerReply));
    const deltas = replyDeltas(chunksPerReply);
    const expectedLength = deltas.join("").length;
    const per10k = (ms) => (ms * 10_000) / (replies * chunksPerReply);

    const deliveryMs = [];
    const floorMs = [];
    const harness = await liveFakeDelivery();
    try {
      for (let round = -1; round < rounds; round++) {
        const batch = Array.from({ length: replies }, (_, r) => replyFrames(`cpu-${chunksPerReply}-${round}-${r}`, SESSION, deltas));
        gc();
        let cpu = 0;
        for (const [r, reply] of batch.entries()) {
          const jobId = `cpu-${chunksPerReply}-${round}-${r}`;
          harness.delivery.track({ jobId, sessionId: SESSION });
          const c0 = process.cpuUsage();
          for (const frame of reply.frames) harness.socket.push(frame);
          cpu += cpuMs(process.cpuUsage(c0));
          if (harness.seen.lastLength !== expectedLength) throw new Error(`delivery showed ${harness.seen.lastLength} of ${expectedLength} characters`);
          harness.socket.push(completedFrame(jobId, SESSION));
        }
        gc();
        const f0 = process.cpuUsage();
        for (const reply of batch) {
          const texts = new Map();
          for (const frame of reply.frames) {
            const event = JSON.parse(frame);
            texts.set(event.jobId, (texts.get(event.jobId) ?? "") + event.delta);
          }
        }
        const floor = cpuMs(process.cpuUsage(f0));
        if (round >= 0) {
          deliveryMs.push(cpu);
          floorMs.push(floor);
        }
        await yieldToLoop();
      }
    } finally {
      harness.stop();
    }

    const actorMs = [];
    for (let round = -1; round < rounds; round++) {
      const { driver, sessionId, socket, lastLength } = await liveFakeActor();
      try {
        gc();
        let cpu = 0;
        for (let r = 0; r < replies; r++) {
          const job = await driver.send(`message ${r}`);
          const { frames } = replyFrames(job.jobId, sessionId, deltas);
          const c0 = process.cpuUsage();
          for (const frame of frames) socket.push(frame);
          cpu += cpuMs(process.cpuUsage(c0));
          if (lastLength() !== expectedLength) throw new Error(`the actor showed ${lastLength()} of ${expectedLength} characters`);
          socket.push(completedFrame(job.jobId, sessionId));
          await driver.replied(job.jobId);
        }
        if (round >= 0) actorMs.push(cpu);
      } finally {
        driver.stop();
        FakeWebSocket.reset();
      }
    }
    results[chunksPerReply] = {
      replies,
      chunks: replies * chunksPerReply,
      replyChars: expectedLength,
      deliveryCpuMsPer10k: per10k(median(deliveryMs)),
      actorCpuMsPer10k: per10k(median(actorMs)),
      floorCpuMsPer10k: per10k(median(floorMs)),
      deliveryUsPerChunk: (median(deliveryMs) * 1_000) / (replies * chunksPerReply),
      actorUsPerChunk: (median(actorMs) * 1_000) / (replies * chunksPerReply),
      roundsDeliveryMs: deliveryMs,
      roundsActorMs: actorMs,
    };
  }
  return { rounds, perChunksPerReply: results };
}

/**
 * Heap across `replies` streamed replies of `chunksPerReply` chunks, after `gc()`: through one
 * long-lived delivery, and through session actors of `turnsPerSession` turns each (stopped after
 * their session, as a page leaving it would). Samples at every fifth of the run. The delivery is
 * first given `rememberIds` (default 5,000) plain completions, so its bounded set of settled ids
 * is full before the first sample: what grows after that is the streaming's.
 */
export async function benchStreamingHeap({ replies = 1_000, chunksPerReply = 100, warmupReplies = 100, rememberIds = 5_000, turnsPerSession = 20, samples = 5 } = {}) {
  const deltas = replyDeltas(chunksPerReply);
  const delivery = await liveFakeDelivery();
  let next = 0;
  const stream = async (count) => {
    for (let r = 0; r < count; r++) {
      const jobId = `heap-${next++}`;
      delivery.delivery.track({ jobId, sessionId: SESSION });
      for (const frame of replyFrames(jobId, SESSION, deltas).frames) delivery.socket.push(frame);
      delivery.socket.push(completedFrame(jobId, SESSION));
      if (r % 50 === 49) await yieldToLoop();
    }
  };
  let deliveryHeap;
  try {
    for (let i = 0; i < rememberIds; i++) {
      const jobId = `fill-${i}`;
      delivery.delivery.track({ jobId, sessionId: SESSION });
      delivery.socket.push(completedFrame(jobId, SESSION));
    }
    await stream(warmupReplies);
    deliveryHeap = await sampleHeap(replies, samples, stream);
    deliveryHeap.pendingAfter = delivery.delivery.pendingJobs().length;
    deliveryHeap.completed = delivery.seen.completed;
  } finally {
    delivery.stop();
  }

  const actorSessions = async (count) => {
    for (let done = 0; done < count; done += turnsPerSession) {
      const { driver, sessionId, socket } = await liveFakeActor();
      try {
        for (let turn = 0; turn < Math.min(turnsPerSession, count - done); turn++) {
          const job = await driver.send(`message ${turn}`);
          for (const frame of replyFrames(job.jobId, sessionId, deltas).frames) socket.push(frame);
          socket.push(completedFrame(job.jobId, sessionId));
          await driver.replied(job.jobId);
        }
      } finally {
        driver.stop();
        FakeWebSocket.reset();
      }
    }
  };
  await actorSessions(Math.max(warmupReplies, 2 * turnsPerSession));
  const actorHeap = await sampleHeap(replies, samples, actorSessions);
  return { replies, chunksPerReply, turnsPerSession, delivery: deliveryHeap, actor: actorHeap };
}

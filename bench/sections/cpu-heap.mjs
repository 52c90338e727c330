import ky from "ky";
import {
  createCoachingClient,
  createCoachingSession,
  createJobDelivery,
  createMemoryStorage,
  noopEnvironment,
  silentLogger,
} from "coaching-session-sdk";
import { createFakeApiFetch } from "../lib/fake-api.mjs";
import { FakeWebSocket } from "../lib/fake-websocket.mjs";
import { completedEvent, completedFrame } from "../lib/frames.mjs";
import { median } from "../lib/stats.mjs";
import { cpuMs, gc, heapMb, sampleHeap, yieldToLoop } from "../lib/measure.mjs";
import { waitUntil } from "../lib/wait.mjs";

const SESSION = "sess-cpu";


/** A live delivery over the in-process socket; frames go in synchronously with `socket.push`. */
async function liveDelivery() {
  let polls = 0;
  const client = createCoachingClient({
    baseUrl: "http://fake.invalid/api",
    socketUrl: "ws://fake.invalid/coaching",
    WebSocket: FakeWebSocket,
    getToken: () => "bench-token",
    logger: silentLogger,
    fetch: async () => {
      polls += 1;
      throw new TypeError("no HTTP in this bench");
    },
  });
  const delivery = createJobDelivery(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  let completed = 0;
  const unsubscribe = delivery.subscribe((event) => {
    if (event.type === "job.completed") completed += 1;
  });
  delivery.watchSession(SESSION);
  await waitUntil(() => delivery.getConnection().status === "live", { timeoutMs: 2_000, what: "fake socket live" });
  const socket = FakeWebSocket.latestOpen();
  return {
    delivery,
    socket,
    completed: () => completed,
    polls: () => polls,
    stop() {
      unsubscribe();
      delivery.stop();
    },
  };
}

/**
 * CPU per 10,000 completions through `createJobDelivery`: `track(job)` then the `job.completed`
 * frame handed to the socket, settled synchronously. Frames are built before timing. The floor
 * is the same loop doing only `JSON.parse` + a Map set/delete (what any client must do).
 */
export async function benchDeliveryCpu({ completions = 10_000, rounds = 5 } = {}) {
  const harness = await liveDelivery();
  try {
    const sdkMs = [];
    const sdkWallMs = [];
    const floorMs = [];
    for (let round = -1; round < rounds; round++) {
      // round -1 warms the JIT and is not counted.
      const frames = Array.from({ length: completions }, (_, i) => completedFrame(`job-${round}-${i}`, SESSION));
      const before = harness.completed();
      gc();
      const w0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < completions; i++) {
        harness.delivery.track({ jobId: `job-${round}-${i}`, sessionId: SESSION });
        harness.socket.push(frames[i]);
      }
      const cpu = cpuMs(process.cpuUsage(c0));
      const wall = performance.now() - w0;
      if (harness.completed() - before !== completions) throw new Error(`delivered ${harness.completed() - before} of ${completions}`);

      const pending = new Map();
      gc();
      const f0 = process.cpuUsage();
      for (let i = 0; i < completions; i++) {
        pending.set(`job-${round}-${i}`, true);
        const frame = JSON.parse(frames[i]);
        if (frame.type === "job.completed") pending.delete(frame.jobId);
      }
      const floor = cpuMs(process.cpuUsage(f0));
      if (round >= 0) {
        sdkMs.push(cpu);
        sdkWallMs.push(wall);
        floorMs.push(floor);
      }
      await yieldToLoop();
    }
    return {
      completions,
      rounds,
      cpuMsPer10k: (median(sdkMs) * 10_000) / completions,
      wallMsPer10k: (median(sdkWallMs) * 10_000) / completions,
      floorCpuMsPer10k: (median(floorMs) * 10_000) / completions,
      usPerCompletion: (median(sdkMs) * 1_000) / completions,
      roundsCpuMs: sdkMs,
      polls: harness.polls(),
    };
  } finally {
    harness.stop();
  }
}

/**
 * Heap before/after 100,000 jobs tracked and completed through delivery, after a warm-up that
 * fills the bounded dedupe sets (`rememberIds`, default 5,000). `gc()` runs before every sample.
 */
export async function benchDeliveryHeap({ jobs = 100_000, warmupJobs = 10_000, samples = 5 } = {}) {
  const harness = await liveDelivery();
  let next = 0;
  const run = async (count) => {
    for (let i = 0; i < count; i++) {
      const jobId = `heap-${next++}`;
      harness.delivery.track({ jobId, sessionId: SESSION });
      harness.socket.push(completedFrame(jobId, SESSION));
      if (i % 1_000 === 999) await yieldToLoop();
    }
  };
  try {
    await run(warmupJobs);
    const { beforeMb, sampleMb, afterMb } = await sampleHeap(jobs, samples, run);
    return {
      jobs,
      warmupJobs,
      beforeMb,
      afterMb,
      deltaMb: afterMb - beforeMb,
      bytesPerJob: ((afterMb - beforeMb) * 1_048_576) / jobs,
      sampleMb,
      delivered: harness.completed(),
      pendingAfter: harness.delivery.pendingJobs().length,
      polls: harness.polls(),
    };
  } finally {
    harness.stop();
  }
}

/**
 * The whole actor per completion: `SEND` → outbox → POST (ky over an in-process fake fetch) →
 * accept → `track` → `job.completed` frame on the (fake) socket → reply in the transcript.
 * `completions` replies are spread over sessions of `turnsPerSession` turns (the last reply is
 * final, so each actor ends `completed`); each session is a fresh actor and delivery, then stopped.
 * The driver and the fake transport are inside the measurement; they are small next to the SDK.
 */
export async function benchActorCpu({ completions = 10_000, turnsPerSession = 20 } = {}) {
  const { api, client } = fakeTransportClient();
  const sessions = Math.ceil(completions / turnsPerSession);
  const chunks = 5;
  // Warm-up sessions, then measure.
  await runActorSessions(client, api.jobs, 10, turnsPerSession);
  const settle = async () => {
    // What the fake server kept (finished jobs, sockets) is the bench's, not the SDK's.
    api.jobs.clear();
    FakeWebSocket.reset();
    await yieldToLoop();
    gc();
    return heapMb();
  };
  const heapBeforeMb = await settle();
  const heapSamplesMb = [];
  const finalStates = {};
  let cpu = 0;
  let wall = 0;
  let replies = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    const count = Math.ceil(sessions / chunks);
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    const result = await runActorSessions(client, api.jobs, count, turnsPerSession);
    cpu += cpuMs(process.cpuUsage(c0));
    wall += performance.now() - w0;
    replies += result.replies;
    for (const [state, n] of Object.entries(result.finalStates)) finalStates[state] = (finalStates[state] ?? 0) + n;
    heapSamplesMb.push(await settle());
  }
  const heapAfterMb = heapSamplesMb[heapSamplesMb.length - 1];
  return {
    completions: replies,
    sessions: Math.ceil(sessions / chunks) * chunks,
    turnsPerSession,
    cpuMsPer10k: (cpu * 10_000) / replies,
    wallMsPer10k: (wall * 10_000) / replies,
    usPerCompletion: (cpu * 1_000) / replies,
    finalStates,
    heapBeforeMb,
    heapAfterMb,
    heapSamplesMb,
    heapDeltaMb: heapAfterMb - heapBeforeMb,
    apiCalls: { ...api.calls },
  };
}

/** The "server" sends the event once the delivery's socket is live (as a gateway would to a subscriber). */
function pushWhenLive(delivery, text) {
  const attempt = () => {
    const socket = FakeWebSocket.latestOpen();
    if (delivery.getConnection().status === "live" && socket) socket.push(text);
    else setImmediate(attempt);
  };
  setImmediate(attempt);
}

async function runActorSessions(client, jobs, sessions, turns) {
  let replies = 0;
  const finalStates = {};
  for (let s = 0; s < sessions; s++) {
    const perSession = new Map();
    const real = createJobDelivery(client, { storage: createMemoryStorage(), environment: noopEnvironment });
    // The "server": each tracked job completes on the socket in a later macrotask, the last one final.
    const delivery = {
      ...real,
      track(job) {
        real.track(job);
        const turn = (perSession.get(job.sessionId) ?? 0) + 1;
        perSession.set(job.sessionId, turn);
        const event = completedEvent(job.jobId, job.sessionId);
        event.result.reply.id = `coach-${job.jobId}`;
        if (turn >= turns) {
          event.result.isFinal = true;
          event.result.sessionStatus = "COMPLETED";
          event.result.result = { summary: "done", extracted: { turns } };
        }
        jobs.set(job.jobId, { jobId: job.jobId, sessionId: job.sessionId, status: "COMPLETED", result: event.result });
        pushWhenLive(real, JSON.stringify(event));
      },
    };
    const actor = createCoachingSession(client, { storage: createMemoryStorage(), environment: noopEnvironment, delivery });
    let wake = null;
    const sub = actor.subscribe(() => wake?.());
    const until = (predicate) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`actor stuck in ${JSON.stringify(actor.getSnapshot().value)}`)), 5_000);
        const check = () => {
          if (!predicate(actor.getSnapshot())) return;
          clearTimeout(timer);
          wake = null;
          resolve();
        };
        wake = check;
        check();
      });
    actor.start();
    // Steady state: the socket is live before the first message (a cold start costs one poll).
    await until((snap) => snap.hasTag("can-send") && snap.context.connection.status === "live");
    for (let turn = 1; turn <= turns; turn++) {
      actor.send({ type: "SEND", text: `turn ${turn}` });
      await until((snap) => snap.matches("completed") || (snap.context.messages.length === 2 * turn && snap.context.messages[2 * turn - 1].role === "coach"));
      replies += 1;
    }
    await until((snap) => snap.matches("completed"));
    const state = String(actor.getSnapshot().value);
    finalStates[state] = (finalStates[state] ?? 0) + 1;
    sub.unsubscribe();
    actor.stop();
  }
  return { replies, finalStates };
}

/**
 * How the actor's cost per reply grows with the transcript: one session of `turns` turns, CPU of
 * the first and the last `window` turns. The transcript is an immutable array, copied per update.
 */
export async function benchTranscriptGrowth({ turns = 1_000, window = 100 } = {}) {
  const { api, client } = fakeTransportClient();
  const real = createJobDelivery(client, { storage: createMemoryStorage(), environment: noopEnvironment });
  const delivery = {
    ...real,
    track(job) {
      real.track(job);
      const event = completedEvent(job.jobId, job.sessionId);
      event.result.reply.id = `coach-${job.jobId}`;
      api.jobs.set(job.jobId, { jobId: job.jobId, sessionId: job.sessionId, status: "COMPLETED", result: event.result });
      pushWhenLive(real, JSON.stringify(event));
    },
  };
  const actor = createCoachingSession(client, { storage: createMemoryStorage(), environment: noopEnvironment, delivery });
  let wake = null;
  const sub = actor.subscribe(() => wake?.());
  const until = (predicate) =>
    new Promise((resolve) => {
      const check = () => {
        if (!predicate(actor.getSnapshot())) return;
        wake = null;
        resolve();
      };
      wake = check;
      check();
    });
  try {
    actor.start();
    await until((snap) => snap.hasTag("can-send") && snap.context.connection.status === "live");
    const perTurnUs = [];
    for (let turn = 1; turn <= turns; turn++) {
      const c0 = process.cpuUsage();
      actor.send({ type: "SEND", text: `turn ${turn}` });
      await until((snap) => snap.context.messages.length === 2 * turn && snap.context.messages[2 * turn - 1].role === "coach");
      const usage = process.cpuUsage(c0);
      perTurnUs.push(usage.user + usage.system);
    }
    const firstUs = median(perTurnUs.slice(1, window + 1));
    const lastUs = median(perTurnUs.slice(-window));
    return { turns, window, firstWindowUsPerTurn: firstUs, lastWindowUsPerTurn: lastUs, growth: lastUs / firstUs };
  } finally {
    sub.unsubscribe();
    actor.stop();
    FakeWebSocket.reset();
  }
}

/**
 * Part of the actor's cost, on its own: one `client.api.sendMessage` (ky + undici Request/Response,
 * zod) over the same in-process fetch; ky alone posting the same JSON over it (what the client
 * cannot go below while ky sends its requests); and that fetch alone (its floor).
 */
export async function benchApiCallCpu({ calls = 2_000, rounds = 3 } = {}) {
  const api = createFakeApiFetch();
  const client = createCoachingClient({ baseUrl: "http://fake.invalid/api", getToken: () => "bench-token", logger: silentLogger, timeout: false, fetch: api.fetch });
  const bareKy = ky.create({ fetch: api.fetch, timeout: false, retry: { limit: 2, methods: ["get", "post"] } });
  const { session } = await client.api.startSession();
  const url = `http://fake.invalid/api/coaching/sessions/${session.id}/messages`;
  const loops = {
    client: (round, i) => client.api.sendMessage(session.id, { content: `turn ${i}`, clientMessageId: `cpu-${round}-${i}` }),
    ky: async (round, i) => JSON.parse(await bareKy.post(url, { json: { content: `turn ${i}`, clientMessageId: `ky-${round}-${i}` } }).text()),
    fetch: async () => (await api.fetch(new Request(url, { method: "POST", body: "{}" }))).text(),
  };
  const us = { client: [], ky: [], fetch: [] };
  for (let round = -1; round < rounds; round++) {
    for (const [name, loop] of Object.entries(loops)) {
      gc();
      const c0 = process.cpuUsage();
      for (let i = 0; i < calls; i++) await loop(round, i);
      if (round >= 0) us[name].push((cpuMs(process.cpuUsage(c0)) * 1_000) / calls);
    }
  }
  return { calls, rounds, usPerSendMessage: median(us.client), usPerKyPost: median(us.ky), usPerFakeFetch: median(us.fetch) };
}

/** A real client over the in-process fake fetch and fake WebSocket: the transport costs ~nothing. */
function fakeTransportClient() {
  const api = createFakeApiFetch();
  const client = createCoachingClient({
    baseUrl: "http://fake.invalid/api",
    socketUrl: "ws://fake.invalid/coaching",
    WebSocket: FakeWebSocket,
    getToken: () => "bench-token",
    logger: silentLogger,
    timeout: false,
    fetch: api.fetch,
  });
  return { api, client };
}

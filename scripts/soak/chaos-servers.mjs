#!/usr/bin/env node
// The server side of the soak, in its own process so the client's heap is the SDK's alone.
// Forked by scripts/soak/run.mjs with an IPC channel; it starts ONE real mock server (HTTP +
// `ws` on 127.0.0.1) for every simulated user, as a real backend would: `userOf` reads the user
// from the token (lib/users.mjs), so each user has their own current session, jobs, idempotency
// keys and socket events, and a leak between users fails the soak's checks. While chaos is on it
// injects faults on timers, at the per-user rates the soak had with one server per user:
//   socket drops (mostly abrupt 1006, some 1001/1011/1012; each drop ends every user's socket),
//   duplicated and reordered events, ~5% HTTP 500 (half of them after the call was applied: the
//   response is "lost"), ~2% HTTP 429 with Retry-After: 1, malformed frames to every socket (not
//   JSON, and JSON the schemas reject), token expiry (per user: that user's next token check
//   fails, HTTP 401 or socket 4401, as `expireTokens` did on a server of their own), and pauses
//   made while a user's socket misses the event (the session is paused with its event dropped,
//   then every socket drops: only the SDK's read after the reconnect can tell). Replies stream
//   (contract v1.1, the mock's default: 4 `job.progress` chunks), and windows of progress faults
//   strike the chunks alone: some chunks (by seq) duplicated, chunks held and sent newest first
//   while the completion overtakes them, and chunks lost (some seqs: a gap; or all of them).
import { createMockCoachingBackend } from "coaching-session-sdk/testing";
import { startMockCoachingServer } from "coaching-session-sdk/testing/server";
import { createEventKnobs } from "./lib/event-knobs.mjs";
import { createRandom } from "./lib/random.mjs";
import { userIdOf, userOfToken } from "./lib/users.mjs";

if (!process.send) {
  console.error("chaos-servers: start me through scripts/soak/run.mjs (needs an IPC channel)");
  process.exit(2);
}

const FAULTS = {
  http500: 0.05,
  http429: 0.02,
  dropEveryMs: [2_000, 5_000],
  malformedEveryMs: [3_000, 6_000],
  tokenExpiryEveryMs: [5_000, 9_000],
  gapPauseEveryMs: [3_000, 6_000],
  reorderWindowMs: 50,
  /** How often a window of each progress fault opens, and how long it stays open. */
  progressWindowEveryMs: [1_000, 3_000],
  progressWindowMs: [300, 1_200],
  /** The mock's chunk count (its default): the seqs a progress fault can aim at. */
  chunkCount: 4,
  /**
   * Time between chunks. At the mock's default (the PROCESSING half of an 80 ms reply split five
   * ways) chunks come 8 ms apart, often before the client has the job's id from the 202, and
   * the always-on reorder window (50 ms) would hold all of them behind the completion: the actor
   * would rarely show a partial text at all. 25 ms apart, most replies are seen growing.
   */
  chunkIntervalMs: 25,
};

/** How long a reply takes with these chunks: the mock completes it at its delay, or right after the last chunk. */
const replyMsOf = (processingDelayMs) => Math.max(processingDelayMs, Math.floor(processingDelayMs / 2) + FAULTS.chunkCount * FAULTS.chunkIntervalMs);

/** Which faults run; `--faults` on run.mjs narrows it (to bisect a failure). */
export const FAULT_NAMES = ["drops", "duplicates", "reorder", "http500", "http429", "malformed", "tokens", "gap-pauses", "progress-dups", "progress-reorder", "progress-loss"];
let enabled = new Set(FAULT_NAMES);
/** `{ backend, server }` once started. */
let shared = null;
let userCount = 0;
let chaosOn = false;
let timers = new Set();
let random = createRandom(1);
const faultLog = new Map();
/**
 * Token expiries waiting, per user id. `scenario.expireTokens` fails the backend's next check,
 * whoever makes it: shared by all users, two expiries could then refuse one user's refreshed token
 * too, a harsher fault than the soak had with a server per user. So expiry lives in `isTokenValid`.
 */
const expiringTokens = new Map();
function isTokenValid(token) {
  const user = userOfToken(token);
  const pending = expiringTokens.get(user) ?? 0;
  if (pending === 0) return token.length > 0;
  expiringTokens.set(user, pending - 1);
  return false;
}
const injected = {
  http500: 0,
  http500AfterProcessing: 0,
  http429: 0,
  drops: 0,
  closeCodes: 0,
  malformedFrames: 0,
  invalidFrames: 0,
  tokenExpiries: 0,
  gapPauses: 0,
  progressDupWindows: 0,
  progressReorderWindows: 0,
  progressLossWindows: 0,
};

function every([min, max], action) {
  const schedule = () => {
    const handle = setTimeout(() => {
      timers.delete(handle);
      if (!chaosOn) return;
      action();
      schedule();
    }, random.between(min, max));
    timers.add(handle);
  };
  schedule();
}

/** Runs `action` once after `ms`, unless chaos stops first. */
function later(ms, action) {
  const handle = setTimeout(() => {
    timers.delete(handle);
    if (chaosOn) action();
  }, ms);
  timers.add(handle);
}

/** A random non-empty set of chunk numbers. */
function someSeqs() {
  const seqs = Array.from({ length: FAULTS.chunkCount }, (_, i) => i + 1).filter(() => random.chance(0.5));
  return seqs.length > 0 ? seqs : [random.between(1, FAULTS.chunkCount)];
}

function startChaos() {
  if (chaosOn || !shared) return;
  chaosOn = true;
  const { backend } = shared;
  const knobs = createEventKnobs(backend, {
    base: {
      duplicate: enabled.has("duplicates") ? {} : null,
      reorder: enabled.has("reorder") ? { windowMs: FAULTS.reorderWindowMs } : null,
      drop: null,
    },
    later,
  });
  const windowMs = () => random.between(...FAULTS.progressWindowMs);
  if (enabled.has("progress-dups")) every(FAULTS.progressWindowEveryMs, () => {
    injected.progressDupWindows += 1;
    knobs.window("duplicate", { seqs: someSeqs() }, windowMs());
  });
  if (enabled.has("progress-reorder")) every(FAULTS.progressWindowEveryMs, () => {
    // Chunks only are held, so the completion can overtake them (they are then stale).
    injected.progressReorderWindows += 1;
    knobs.window("reorder", { events: "progress", windowMs: random.between(10, 60) }, windowMs());
  });
  if (enabled.has("progress-loss")) every(FAULTS.progressWindowEveryMs, () => {
    injected.progressLossWindows += 1;
    knobs.window("drop", random.chance(0.25) ? { events: "progress" } : { seqs: someSeqs() }, windowMs());
  });
  // A drop or a malformed frame reaches every user's socket, so one schedule gives each user the
  // rate a server of their own gave. They are counted per socket reached, which is what the counts
  // meant with a server (and mostly one socket) per user. A token expiry is one user's: one
  // schedule per user.
  if (enabled.has("drops")) every(FAULTS.dropEveryMs, () => {
    if (random.chance(0.8)) {
      injected.drops += backend.socketCount();
      backend.faults.dropSockets("abrupt");
    } else {
      injected.closeCodes += backend.socketCount();
      backend.faults.dropSockets(random.pick([1001, 1011, 1012]));
    }
  });
  if (enabled.has("malformed")) every(FAULTS.malformedEveryMs, () => {
    if (random.chance(0.5)) {
      injected.malformedFrames += backend.socketCount();
      backend.faults.sendMalformedFrame();
    } else {
      // Valid JSON of a known type that the contract's schemas must reject.
      injected.invalidFrames += backend.socketCount();
      backend.faults.sendMalformedFrame(JSON.stringify({ type: "job.completed", eventId: "evt-bogus", jobId: 42 }));
    }
  });
  if (enabled.has("gap-pauses")) every(FAULTS.gapPauseEveryMs, () => {
    const active = backend.sessions().filter((session) => session.status === "ACTIVE");
    if (active.length === 0) return;
    const session = random.pick(active);
    // Synchronous: only this pause's event is dropped, then the gap ends for every socket.
    backend.faults.dropEvents(true);
    backend.scenario.pauseElsewhere(session.id);
    knobs.reapply("drop");
    backend.faults.dropSockets("abrupt");
    injected.gapPauses += 1;
  });
  if (enabled.has("tokens")) {
    for (let user = 0; user < userCount; user++) {
      const id = userIdOf(user);
      every(FAULTS.tokenExpiryEveryMs, () => {
        injected.tokenExpiries += 1;
        expiringTokens.set(id, (expiringTokens.get(id) ?? 0) + 1);
      });
    }
  }
}

function stopChaos() {
  chaosOn = false;
  for (const handle of timers) clearTimeout(handle);
  timers = new Set();
  shared?.backend.faults.clear();
}

/** HTTP faults on a share of calls: queued just before the call, so this very call takes them. */
function withHttpFaults(backend) {
  const handle = backend.handle;
  backend.handle = async (request) => {
    let fault = null;
    if (chaosOn) {
      const roll = random.next();
      if (roll < FAULTS.http500 && enabled.has("http500")) {
        const afterProcessing = random.chance(0.5);
        injected.http500 += 1;
        if (afterProcessing) injected.http500AfterProcessing += 1;
        backend.faults.failNext({ status: 500, afterProcessing });
        fault = afterProcessing ? "500-after" : "500";
      } else if (roll >= FAULTS.http500 && roll < FAULTS.http500 + FAULTS.http429 && enabled.has("http429")) {
        injected.http429 += 1;
        backend.faults.failNext({ status: 429, headers: { "retry-after": "1" } });
        fault = "429";
      }
    }
    const response = await handle(request);
    // Which call got which fault, for `--debug` (a queued fault is taken by the next call that passes auth).
    if (fault) faultLog.set(response.headers["x-request-id"], fault);
    return response;
  };
  return backend;
}

function requestStats() {
  const byRoute = {};
  const byStatus = {};
  let total = 0;
  for (const entry of shared?.backend.requests ?? []) {
    total += 1;
    byRoute[entry.route ?? "none"] = (byRoute[entry.route ?? "none"] ?? 0) + 1;
    byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
  }
  return { total, byRoute, byStatus };
}

async function stop() {
  stopChaos();
  if (!shared) return;
  const { backend, server } = shared;
  shared = null;
  await server.close().catch(() => {});
  backend.close();
}

const handlers = {
  async start({ users, turnsUntilFinal, processingDelayMs, seed, faults }) {
    random = createRandom(seed);
    if (faults) enabled = new Set(faults);
    userCount = users;
    const streaming = { chunkCount: FAULTS.chunkCount, chunkIntervalMs: FAULTS.chunkIntervalMs };
    const backend = withHttpFaults(createMockCoachingBackend({ turnsUntilFinal, processingDelayMs, streaming, userOf: userOfToken, isTokenValid }));
    const server = await startMockCoachingServer({ backend, admin: false });
    shared = { backend, server };
    return { server: { url: server.url, socketUrl: server.socketUrl }, faults: [...enabled], replyMs: replyMsOf(processingDelayMs) };
  },
  chaos({ on }) {
    if (on) startChaos();
    else stopChaos();
    return { chaosOn };
  },
  /**
   * What the server holds for one conversation: the session, its jobs, whether it is the user's,
   * and how often each client id was stored in any user's session (a message stored for another
   * user counts too).
   */
  verify({ user, sessionId, clientMessageIds }) {
    const { backend } = shared;
    const session = backend.sessions().find((s) => s.id === sessionId) ?? null;
    const jobs = backend.jobs().filter((job) => job.sessionId === sessionId);
    const ownSession = backend.sessions({ user: userIdOf(user) }).some((s) => s.id === sessionId);
    const counts = {};
    for (const id of clientMessageIds) counts[id] = backend.messagesByClientId(id);
    for (const message of session?.messages ?? []) {
      if (message.role === "user" && message.clientMessageId) counts[message.clientMessageId] = backend.messagesByClientId(message.clientMessageId);
    }
    return { session, jobs, ownSession, counts };
  },
  /** A job's status on the server (the soak's sleeps wait for it to finish). */
  jobStatus({ jobId }) {
    return shared.backend.jobs().find((job) => job.jobId === jobId)?.status ?? null;
  },
  /** The last `count` HTTP calls of one user, with the fault each was handed (for --debug). */
  requests({ user, count = 40 }) {
    const mine = shared.backend.requests.filter((entry) => entry.user === userIdOf(user));
    return mine.slice(-count).map((entry) => ({ ...entry, fault: faultLog.get(entry.requestId) ?? null }));
  },
  stats() {
    return { injected: { ...injected }, requests: requestStats(), sockets: shared?.backend.socketCount() ?? 0 };
  },
  async stop() {
    await stop();
    return {};
  },
};

process.on("message", async (message) => {
  const handler = handlers[message?.type];
  try {
    if (!handler) throw new Error(`unknown command ${message?.type}`);
    const result = await handler(message);
    process.send({ reqId: message.reqId, ok: true, result });
  } catch (error) {
    process.send({ reqId: message.reqId, ok: false, error: String(error?.stack ?? error) });
  }
  if (message?.type === "stop") process.disconnect();
});

// The parent went away (crash, Ctrl-C): never outlive it.
process.on("disconnect", () => {
  void stop().finally(() => process.exit(0));
});
// A hard bound in case the parent hangs without disconnecting.
const maxLifetimeMs = Number(process.env.SOAK_SERVER_MAX_MS ?? 30 * 60_000);
setTimeout(() => {
  console.error("chaos-servers: exceeded its maximum lifetime; exiting");
  process.exit(3);
}, maxLifetimeMs).unref();

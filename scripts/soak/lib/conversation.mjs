import { randomUUID } from "node:crypto";
import { createCoachingClient, createCoachingSession, createMemoryStorage, noopEnvironment } from "coaching-session-sdk";
import { createSleepyTimers, createSoakEnvironment } from "./sleepy-timers.mjs";
import { countingWebSocket } from "./counting-websocket.mjs";
import { createReplyWatch } from "./reply-watch.mjs";
import { createStopper } from "./stopper.mjs";
import { checkConversation } from "./conversation-checks.mjs";
import { tokenFor } from "./users.mjs";

/** How long the simulated laptop sleeps: past every job deadline and the idle limit. */
const SLEEP_MS = 2 * 3_600_000;

/** The share of replies the user stops, at a random moment while the reply is awaited. */
const STOP_SHARE = 0.25;
/** Messages sent beyond `messages` when stops keep the final reply from coming (a stopped reply is never final). */
const EXTRA_MESSAGES = 10;

/** Error codes the injected faults can explain: a failure with one of these has a cause. */
const CAUSED = new Set(["HTTP_ERROR", "NETWORK_ERROR", "TIMEOUT", "AUTH_ERROR"]);

const describeError = (error) =>
  error
    ? {
        name: error.name,
        code: error.code,
        status: error.status,
        serverCode: error.serverCode,
        reason: error.reason,
        operation: error.operation,
        message: String(error.message).slice(0, 160),
      }
    : null;

const errorKey = (e) => [e.code, e.status ?? e.reason ?? "", e.serverCode ?? "", e.operation ?? ""].join(" ");

/**
 * One simulated user's conversation, start to final reply, through the real SDK: a fresh client,
 * `createCoachingSession` with memory storage and `ws`, `messages` messages typed with short random
 * pauses (so some queue in the outbox). The driver behaves like a persistent user: it retries a
 * failed step or a failed message, (with `reload`) reloads the page once mid-conversation, and
 * (with `stops`) stops a share of the replies at a random moment within `stopWithinMs` of the
 * reply being awaited; when a stop keeps the final reply from coming, it writes another message.
 * Every partial text the actors show is recorded and checked against the job's reply.
 * Returns what happened and every violation of the soak's invariants.
 */
export async function runConversation({ user, index, server, messages, timeoutMs, random, logger, verify, jobStatus, reload, sleep, stops, stopWithinMs }) {
  const tag = `u${user}-c${index}`;
  const storage = createMemoryStorage();
  const generatedIds = [];
  const newClientMessageId = () => {
    const id = randomUUID();
    generatedIds.push(id);
    return id;
  };
  // The server tells users apart by token (one mock backend serves them all); a refresh keeps the user.
  let tokenGeneration = 0;
  const getToken = ({ forceRefresh }) => {
    if (forceRefresh) tokenGeneration += 1;
    return tokenFor(user, index, tokenGeneration);
  };
  const texts = Array.from({ length: messages + EXTRA_MESSAGES }, (_, i) => `${tag} message ${i + 1} #${random.next().toString(36).slice(2, 8)}`);
  const record = {
    tag,
    user,
    state: "running",
    durationMs: 0,
    sent: 0,
    replies: 0,
    failedSteps: 0,
    failedMessages: 0,
    reloads: 0,
    sleeps: 0,
    pausesFollowed: 0,
    pollingEpisodes: 0,
    chunks: 0,
    stream: { jobs: 0, texts: 0, streamedThenFailed: 0, garbled: 0 },
    stops: { sent: 0, withText: 0, beforeText: 0, tooLate: 0, other: 0, marked: 0, unmarkedAfterReload: 0, unmarked: 0 },
    causedErrors: {},
    uncausedErrors: {},
    violations: [],
  };
  const violate = (kind, detail) => record.violations.push({ kind, detail });
  const started = performance.now();
  const deadline = started + timeoutMs;
  let actor = null;
  let subscription = null;
  let wake = null;
  let lastError = null;
  let lastFailedState = false;
  const seenFailedMessages = new Set();
  let lastConnection = null;
  const shownReplies = createReplyWatch();
  const stopper = createStopper({ enabled: stops, share: STOP_SHARE, withinMs: stopWithinMs, random, currentActor: () => actor });

  const observe = (snapshot) => {
    const { error, connection, messages: list } = snapshot.context;
    if (error && error !== lastError) {
      const described = describeError(error);
      const bucket = CAUSED.has(described.code) ? record.causedErrors : record.uncausedErrors;
      bucket[errorKey(described)] = (bucket[errorKey(described)] ?? 0) + 1;
    }
    lastError = error;
    const failedNow = snapshot.matches("failed");
    if (failedNow && !lastFailedState) record.failedSteps += 1;
    lastFailedState = failedNow;
    for (const m of list) {
      if (m.role === "user" && m.delivery === "failed" && !seenFailedMessages.has(m.error)) {
        seenFailedMessages.add(m.error);
        record.failedMessages += 1;
      }
    }
    if (connection.status !== lastConnection && connection.status === "polling") record.pollingEpisodes += 1;
    lastConnection = connection.status;
    shownReplies.observe(list);
    stopper.observe(snapshot);
    wake?.();
  };

  // One clock and one page for the whole conversation: a reload keeps the machine's sense of time.
  const clock = createSleepyTimers();
  const page = createSoakEnvironment();
  const WebSocket = countingWebSocket(() => (record.chunks += 1));
  const open = () => {
    shownReplies.newPage();
    const client = createCoachingClient({ baseUrl: server.url, socketUrl: server.socketUrl, WebSocket, getToken, logger, timers: clock.timers });
    actor = createCoachingSession(client, { storage, environment: sleep ? page : noopEnvironment, newClientMessageId });
    subscription = actor.subscribe({ next: observe, error: (error) => violate("actor threw", String(error?.stack ?? error)) });
    actor.start();
  };
  const close = () => {
    subscription?.unsubscribe();
    actor?.stop();
  };
  /**
   * Another message is due: the first `messages`, then one more whenever the last message's reply
   * was stopped and the session is still open (a stopped reply is never final). Decided by what
   * this user did, not by the reply's `stopped` mark, which a check below verifies on its own.
   */
  const wantsToSend = (snapshot) => {
    if (record.sent < messages) return true;
    if (record.sent >= texts.length) return false;
    const { awaiting, outbox, messages: list } = snapshot.context;
    if (awaiting !== null || outbox.length > 0) return false;
    const lastUser = list.findLast((m) => m.role === "user");
    return lastUser !== undefined && stopper.sent.has(lastUser.jobId);
  };
  const nap = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  open();
  const reloadAfter = reload ? random.between(1, Math.max(1, messages - 1)) : -1;
  let reloaded = false;
  let slept = false;
  let nextSendAt = 0;
  let nextRetryAt = 0;
  try {
    for (;;) {
      const snapshot = actor.getSnapshot();
      const now = performance.now();
      if (snapshot.matches("completed")) break;
      if (snapshot.status === "error") {
        violate("actor stopped with an error", String(snapshot.error));
        break;
      }
      if (now > deadline) {
        record.state = "stuck";
        violate("stuck", `no final state after ${timeoutMs} ms: ${JSON.stringify(snapshot.value)} ${summarizeSnapshot(snapshot)}`);
        break;
      }
      if (!reloaded && reloadAfter > 0 && record.sent >= reloadAfter && snapshot.hasTag("can-send")) {
        // A page reload: the actor goes, storage stays (outbox + pending jobs), a new one opens.
        reloaded = true;
        record.reloads += 1;
        close();
        open();
        continue;
      }
      if (sleep && !slept && snapshot.context.awaiting !== null && snapshot.context.outbox.length === 0) {
        // A laptop sleep with a reply pending: the page hides (its socket closes), the server
        // finishes the job (or a stop ends it) meanwhile, the clock jumps two hours and every SDK
        // timer fires at once (the job's deadline included), then the page shows again. The reply
        // must arrive, once; the message must neither fail nor be sent twice. Only with nothing
        // queued: a queued message would go out while the page waits here, and its job, still
        // running on a server whose clock did not jump, would time out after "two hours".
        slept = true;
        record.sleeps += 1;
        const { jobId } = snapshot.context.awaiting;
        page.hide();
        const done = (status) => status === "COMPLETED" || status === "FAILED";
        for (let waited = 0; waited < 5_000 && !done(await jobStatus({ jobId })); waited += 20) await new Promise((r) => setTimeout(r, 20));
        clock.sleep(SLEEP_MS);
        page.show();
        continue;
      }
      if (snapshot.matches("failed") && now >= nextRetryAt) {
        nextRetryAt = now + 250;
        actor.send({ type: "RETRY" });
      } else if (snapshot.matches("choosing")) {
        // Only a reload, or a start that failed after the server applied it (a lost 201), brings an
        // open session back; anything else means a session was left behind.
        // So does waking from a sleep: the session sat idle longer than `idleAfterMs`.
        if (!reloaded && !slept && record.failedSteps === 0) violate("fresh conversation offered an existing session", String(snapshot.context.session?.status));
        actor.send({ type: "RESUME" });
      } else if (snapshot.matches("paused")) {
        // Paused by the server while this tab's socket was down (the soak's gap-pause fault): the
        // SDK noticed on its own; the user resumes.
        record.pausesFollowed += 1;
        actor.send({ type: "RESUME" });
      } else if (["conflict", "expired", "abandoned"].some((state) => snapshot.matches(state))) {
        violate("unexpected state", `${JSON.stringify(snapshot.value)} (error: ${JSON.stringify(describeError(snapshot.context.error))})`);
        record.state = String(JSON.stringify(snapshot.value));
        break;
      } else if (snapshot.hasTag("can-send")) {
        if (snapshot.context.messages.some((m) => m.delivery === "failed") && now >= nextRetryAt) {
          nextRetryAt = now + 250;
          actor.send({ type: "RETRY" });
        } else if (wantsToSend(snapshot) && now >= nextSendAt) {
          actor.send({ type: "SEND", text: texts[record.sent] });
          record.sent += 1;
          nextSendAt = now + random.between(0, 150);
          continue;
        }
      }
      await nap(25);
    }
  } catch (error) {
    violate("driver failed", String(error?.stack ?? error));
  }

  record.durationMs = performance.now() - started;
  record.stops.sent = stopper.sent.size;
  const final = actor.getSnapshot();
  try {
    if (record.state === "running") record.state = String(JSON.stringify(final.value)).replaceAll('"', "");
    await checkConversation(final, { record, verify, user, generatedIds, texts, messages, shownReplies, stopsSent: stopper.sent });
  } catch (error) {
    violate("verification failed", String(error?.stack ?? error));
  } finally {
    stopper.dispose();
    close();
  }
  return record;
}

function summarizeSnapshot(snapshot) {
  const { context } = snapshot;
  const deliveries = context.messages.filter((m) => m.role === "user").map((m) => m.delivery);
  return JSON.stringify({
    connection: context.connection,
    status: context.session?.status,
    awaiting: context.awaiting?.jobId ?? null,
    userMessages: deliveries,
    replies: context.messages.filter((m) => m.role === "coach").length,
    error: describeError(context.error),
  });
}

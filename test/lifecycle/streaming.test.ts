import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../src/contract/message.js";
import type { CoachingSessionSnapshot } from "../../src/machine/selectors.js";
import { selectPartialReply, selectReplyStatus } from "../../src/machine/selectors.js";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { splitIntoChunks } from "../../src/testing/mock-backend/reply-stream.js";
import { scriptedCoach } from "../../src/testing/mock-backend/scripted-coach.js";
import { BASE_URL, createLifecycleKit, recordSnapshots, replies } from "./support.js";

// Streamed replies and STOP (contract v1.1) as a user sees them, across the whole stack: client,
// delivery (msw's WebSocket and HTTP) and the machine, against the mock backend.
//
// Replies here take PROCESSING_MS: PROCESSING at 200 ms, chunks 1-4 at 240, 280, 320 and 360 ms,
// done at 400 ms (the mock's schedule), so every chunk has time to be seen.
const PROCESSING_MS = 400;

const kit = createLifecycleKit();
beforeAll(() => kit.mock.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  kit.stopAll();
  kit.mock.reset();
});
afterAll(() => kit.mock.close());

/** The job's reply as the server stored it (its id, and its text when completed). */
function serverReply(jobId: string): Message {
  const job = kit.backend.jobs().find((j) => j.jobId === jobId);
  expect(job?.status, `job ${jobId} on the server`).toBe("COMPLETED");
  return job!.result!.reply;
}

const cancelCalls = () => kit.backend.requests.filter((r) => r.route === "cancelJob").length;
const coachOf = (s: CoachingSessionSnapshot, jobId: string) => s.context.messages.filter((m) => m.role === "coach" && m.jobId === jobId);
const streaming = (s: CoachingSessionSnapshot) => s.context.messages.some((m) => m.partial);

/**
 * Checks one reply through every snapshot: at most one coach message for the job at a time (the
 * partial or the final, never both); while partial, it has the partial id, it is what the
 * selectors report, and its text is a prefix of the final text that only grows; the final, once
 * shown, stays. Returns the distinct partial texts, in the order they were shown.
 */
function expectCleanStream(history: readonly CoachingSessionSnapshot[], jobId: string, final: Message): string[] {
  const shown: string[] = [];
  let finalShown = false;
  history.forEach((s, at) => {
    const mine = coachOf(s, jobId);
    expect(mine.length, `coach messages for ${jobId} in snapshot ${at}`).toBeLessThanOrEqual(1);
    const message = mine[0];
    if (!message) return expect(finalShown, `the final reply vanished in snapshot ${at}`).toBe(false);
    if (!message.partial) {
      expect(message, `the final reply in snapshot ${at}`).toMatchObject({ id: final.id, content: final.content });
      finalShown = true;
      return;
    }
    expect(finalShown, `a partial reply after the final one, in snapshot ${at}`).toBe(false);
    expect(message.id).toBe(`partial:${jobId}`);
    expect(selectReplyStatus(s)).toBe("streaming");
    expect(selectPartialReply(s)).toBe(message.content);
    expect(final.content.startsWith(message.content), `"${message.content}" is a prefix of "${final.content}"`).toBe(true);
    const previous = shown.at(-1) ?? "";
    expect(message.content.startsWith(previous), `"${message.content}" extends "${previous}"`).toBe(true);
    if (message.content !== previous) shown.push(message.content);
  });
  expect(finalShown, `the final reply of ${jobId} was shown`).toBe(true);
  return shown;
}

/** Sends a message and returns its job id once the server accepted it. */
async function send(open: ReturnType<typeof kit.open>, text: string): Promise<string> {
  const before = open.actor.getSnapshot().context.awaiting?.jobId;
  open.actor.send({ type: "SEND", text });
  const s = await open.until((s) => s.context.awaiting !== null && s.context.awaiting.jobId !== before);
  return s.context.awaiting!.jobId;
}

const live = (s: CoachingSessionSnapshot) => s.matches("active") && s.context.connection.status === "live";

describe("a streamed reply grows in place", () => {
  it("is one partial coach message whose text only grows, replaced by the final reply", async () => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    const session = kit.open();
    await session.until(live);
    const history = recordSnapshots(session.actor);
    const jobId = await send(session, "I want to run a marathon");
    const done = await session.until((s) => replies(s).length === 1);

    const final = serverReply(jobId);
    const shown = expectCleanStream(history, jobId, final);
    // Over a clean socket every chunk shows, one at a time.
    const chunks = splitIntoChunks(final.content, 4);
    expect(shown).toEqual(chunks.map((_, i) => chunks.slice(0, i + 1).join("")));
    // The final reply took the partial one's place: right after the message it answers.
    expect(done.context.messages.map((m) => [m.role, m.id, Boolean(m.partial)])).toEqual([
      ["user", expect.any(String), false],
      ["coach", final.id, false],
    ]);
    expect(done.context.messages[1]!.stopped).toBeUndefined();
    expect(selectReplyStatus(done)).toBe("idle");
    expect(selectPartialReply(done)).toBeNull();
  });
});

describe("progress frames duplicated, reordered or lost", () => {
  // Each fault, and how many distinct texts the first reply shows before it completes.
  const faults: Record<string, { inject: () => void; shows: (count: number) => boolean }> = {
    duplicated: { inject: () => kit.backend.faults.duplicateEvents(true, { events: "progress" }), shows: (n) => n === 4 },
    // Chunks 1-3 are held and come newest first (shown at once, as one text); chunk 4 is
    // overtaken by the completion and ignored.
    reordered: { inject: () => kit.backend.faults.reorderEvents(true, { windowMs: 100, events: "progress" }), shows: (n) => n >= 1 && n < 4 },
    "missing chunk 2 (a gap, healed by a poll)": { inject: () => kit.backend.faults.dropEvents(true, { seqs: [2] }), shows: (n) => n >= 2 },
    "all lost (the reply shows only complete)": { inject: () => kit.backend.faults.dropEvents(true, { events: "progress" }), shows: (n) => n === 0 },
    "duplicated, reordered and chunk 3 lost, together": {
      inject: () => {
        kit.backend.faults.duplicateEvents(true, { events: "progress" });
        kit.backend.faults.reorderEvents(true, { windowMs: 60, events: "progress" });
        kit.backend.faults.dropEvents(true, { seqs: [3] });
      },
      shows: (n) => n >= 1,
    },
  };

  it.each(Object.entries(faults))("%s: never a garbled text, one reply per message", async (_, { inject, shows }) => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    kit.backend.scenario.setTurnsUntilFinal(10);
    inject();
    const session = kit.open({ progressGapMs: 30 });
    await session.until(live);
    const history = recordSnapshots(session.actor);
    const first = await send(session, "first");
    await session.until((s) => replies(s).length === 1);
    const second = await send(session, "second");
    const done = await session.until((s) => replies(s).length === 2);

    const shown = [first, second].map((jobId) => expectCleanStream(history, jobId, serverReply(jobId)));
    expect(shows(shown[0]!.length), `texts shown: ${JSON.stringify(shown[0])}`).toBe(true);
    const server = kit.backend.sessions().find((s) => s.id === done.context.session!.id)!;
    expect(done.context.messages.map((m) => m.id)).toEqual(server.messages!.map((m) => m.id));
    // Late, duplicated or stale chunks change nothing afterwards.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(session.actor.getSnapshot().context.messages).toEqual(done.context.messages);
  });

  it("a gap is not shown past: the text stops at chunk 1 until a poll brings the rest", async () => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    kit.backend.faults.dropEvents(true, { seqs: [2] });
    const session = kit.open({ progressGapMs: 30 });
    await session.until(live);
    const history = recordSnapshots(session.actor);
    const jobId = await send(session, "mind the gap");
    await session.until((s) => replies(s).length === 1);

    const final = serverReply(jobId);
    const chunks = splitIntoChunks(final.content, 4);
    const shown = expectCleanStream(history, jobId, final);
    expect(shown[0]).toBe(chunks[0]);
    // The poll after the gap showed chunks 1-3 (or 1-4) whole before the reply completed.
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown[1]!.length).toBeGreaterThanOrEqual(chunks.slice(0, 2).join("").length);
    expect(kit.backend.requests.some((r) => r.route === "getJob" && r.path.includes(jobId))).toBe(true);
  });
});

describe("interruptions mid-stream", () => {
  it("a reload resumes from the job's partial text and completes once", async () => {
    const storage = createMemoryStorage();
    kit.backend.faults.setProcessingDelay(1_000);
    const first = kit.open({ storage });
    await first.until(live);
    const jobId = await send(first, "reload me");
    const streamed = await first.until(streaming);
    const shownBeforeReload = selectPartialReply(streamed)!;
    first.actor.stop();

    const second = kit.open({ storage, autoResume: true });
    const history = recordSnapshots(second.actor);
    const done = await second.until((s) => s.matches("active") && replies(s).length === 1);

    const final = serverReply(jobId);
    const shown = expectCleanStream(history, jobId, final);
    // The new page picked the stream up from the server's `partial`, not from scratch.
    expect(shown.length).toBeGreaterThanOrEqual(1);
    expect(shown[0]!.startsWith(shownBeforeReload)).toBe(true);
    expect(done.context.messages.map((m) => m.role)).toEqual(["user", "coach"]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(replies(second.actor.getSnapshot())).toHaveLength(1);
    expect(cancelCalls()).toBe(0);
  });

  it("a dropped socket resumes the stream and the reply completes once; nothing is cancelled", async () => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    const session = kit.open({ reconnectInitialDelayMs: 10, reconnectMaxDelayMs: 20 });
    await session.until(live);
    const history = recordSnapshots(session.actor);
    const jobId = await send(session, "hold the line");
    await session.until(streaming);
    kit.backend.faults.dropSockets();
    const done = await session.until((s) => replies(s).length === 1);

    const final = serverReply(jobId);
    expectCleanStream(history, jobId, final);
    expect(history.some((s) => s.context.connection.status !== "live")).toBe(true);
    expect(kit.backend.jobs()[0]!.result!.stopped).toBeUndefined();
    expect(cancelCalls()).toBe(0);
    expect(done.context.messages.map((m) => m.role)).toEqual(["user", "coach"]);
  });
});

describe("STOP", () => {
  it("with text: the reply stays as written so far, marked stopped, and the next message goes", async () => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    kit.backend.scenario.setTurnsUntilFinal(10);
    const session = kit.open();
    await session.until(live);
    const history = recordSnapshots(session.actor);
    const jobId = await send(session, "tell me everything");
    await session.until(streaming);
    session.actor.send({ type: "STOP" });
    const stopped = await session.until((s) => replies(s).length === 1);

    const reply = serverReply(jobId);
    expect(kit.backend.jobs().find((j) => j.jobId === jobId)!.result).toMatchObject({ stopped: true, isFinal: false });
    expectCleanStream(history, jobId, reply);
    // Cut short: a non-empty beginning of what the coach would have written.
    const full = scriptedCoach({ sessionId: stopped.context.session!.id, turn: 1, userText: "tell me everything", isFinal: false, history: [] }).content;
    expect(reply.content).not.toBe("");
    expect(full.startsWith(reply.content) && reply.content.length < full.length).toBe(true);
    expect(stopped.context.messages[1]).toMatchObject({ role: "coach", id: reply.id, content: reply.content, stopped: true });
    expect(stopped.context.messages[1]!.partial).toBeFalsy();
    expect(stopped.context.error).toBeNull();
    expect(selectReplyStatus(stopped)).toBe("idle");

    const next = await send(session, "and now?");
    const done = await session.until((s) => replies(s).length === 2);
    expect(done.context.messages.map((m) => [m.role, Boolean(m.stopped)])).toEqual([
      ["user", false],
      ["coach", true],
      ["user", false],
      ["coach", false],
    ]);
    expect(done.context.messages[3]!.content).toBe(serverReply(next).content);
    expect(cancelCalls()).toBe(1);
  });

  // KNOWN BUG (reported, not fixed here: src/machine): only a job's completion says a reply was
  // stopped, and the machine keeps that mark nowhere a session read preserves. `mergeRead`
  // rebuilds the transcript from the server's messages (which carry no `stopped`), and
  // `applyReply` drops a completion whose reply a read already showed. Flip these two to `it`
  // when fixed.
  it("with text, then a session read (REFRESH): the reply stays marked stopped", async () => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    kit.backend.scenario.setTurnsUntilFinal(10);
    const session = kit.open();
    await session.until(live);
    await send(session, "tell me everything");
    await session.until(streaming);
    session.actor.send({ type: "STOP" });
    await session.until((s) => replies(s)[0]?.stopped === true);
    const reads = kit.backend.requests.filter((r) => r.route === "getSession").length;
    session.actor.send({ type: "REFRESH" });
    const read = await session.until((s) => s.matches("active") && kit.backend.requests.filter((r) => r.route === "getSession").length > reads);
    expect(replies(read)[0]!.stopped).toBe(true);
  });

  it("with text, read from the session before its completion arrived: marked stopped once the completion comes", async () => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    kit.backend.scenario.setTurnsUntilFinal(10);
    const session = kit.open({ reconnectInitialDelayMs: 10, reconnectMaxDelayMs: 20 });
    await session.until(live);
    const jobId = await send(session, "tell me everything");
    await session.until(streaming);
    // The stop lands, but its answer is lost (every retry too), and so is the job.completed event.
    kit.backend.faults.dropEvents(true);
    kit.backend.faults.failNext({ status: 500, route: "cancelJob", afterProcessing: true, times: 3 });
    session.actor.send({ type: "STOP" });
    await session.until((s) => s.context.error?.operation === "cancelJob");
    expect(kit.backend.jobs()[0]!.result?.stopped).toBe(true);
    session.actor.send({ type: "REFRESH" });
    await session.until((s) => s.matches("active") && replies(s).length === 1);
    // The completion comes after all: the socket drops, and the reconnect polls the job.
    kit.backend.faults.dropEvents(false);
    const polls = () => kit.backend.requests.filter((r) => r.route === "getJob" && r.path.includes(jobId)).length;
    kit.backend.faults.dropSockets();
    await session.until((s) => polls() > 0 && live(s));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(replies(session.actor.getSnapshot())[0]!.stopped).toBe(true);
  });

  it("before any text: the message stays unanswered, no reply, and the next message goes", async () => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    kit.backend.scenario.setTurnsUntilFinal(10);
    const session = kit.open();
    await session.until(live);
    const history = recordSnapshots(session.actor);
    const jobId = await send(session, "never mind");
    session.actor.send({ type: "STOP" });
    const cancelled = await session.until((s) => s.context.awaiting === null);

    expect(kit.backend.jobs().find((j) => j.jobId === jobId)).toMatchObject({ status: "FAILED", error: { code: "CANCELLED" } });
    expect(history.some(streaming)).toBe(false);
    expect(cancelled.context.messages.map((m) => [m.role, m.delivery])).toEqual([["user", "accepted"]]);
    expect(cancelled.context.error).toBeNull();
    expect(selectReplyStatus(cancelled)).toBe("idle");

    const next = await send(session, "a real question");
    const done = await session.until((s) => replies(s).length === 1);
    expect(done.context.messages.map((m) => m.role)).toEqual(["user", "user", "coach"]);
    expect(done.context.messages[2]!.id).toBe(serverReply(next).id);
    const server = kit.backend.sessions().find((s) => s.id === done.context.session!.id)!;
    expect(done.context.messages.map((m) => m.id)).toEqual(server.messages!.map((m) => m.id));
  });

  it("on a v1 backend (no streaming, no cancel route): a typed error, and the reply still arrives", async () => {
    // The mock always serves the cancel route; a v1 backend answers it 404.
    kit.mock.use(http.post(`${BASE_URL}/coaching/jobs/:jobId/cancel`, () => HttpResponse.json({ error: { code: "NOT_FOUND", message: "No such route" } }, { status: 404 })));
    kit.backend.scenario.setStreaming(false);
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    const session = kit.open();
    await session.until(live);
    const jobId = await send(session, "stop, please");
    session.actor.send({ type: "STOP" });
    const refused = await session.until((s) => s.context.error !== null);

    expect(refused.context.error).toMatchObject({ name: "ExpiredError", code: "JOB_EXPIRED", operation: "cancelJob", status: 404 });
    expect(refused.context.awaiting).toMatchObject({ jobId, stopping: false, error: null });
    expect(selectReplyStatus(refused)).toBe("awaiting");
    const done = await session.until((s) => replies(s).length === 1);
    expect(done.context.messages[1]).toMatchObject({ id: serverReply(jobId).id, content: serverReply(jobId).content });
    expect(done.context.messages[1]!.stopped).toBeUndefined();
    expect(done.context.messages[0]!.delivery).toBe("accepted");
  });

  it("with nothing awaited does nothing: no call, no change", async () => {
    const session = kit.open();
    const idle = await session.until(live);
    session.actor.send({ type: "STOP" });
    expect(session.actor.getSnapshot().context).toEqual(idle.context);

    await send(session, "hello");
    const answered = await session.until((s) => replies(s).length === 1 && s.context.awaiting === null);
    session.actor.send({ type: "STOP" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.actor.getSnapshot().context).toEqual(answered.context);
    expect(cancelCalls()).toBe(0);
  });
});

describe("a turn closed without a reply stays closed when the session is read again", () => {
  // The server's transcript then ends with the unanswered user message, and its job: a read must
  // not make it awaited again, since delivery has settled that job and will not report it twice.
  const reads = () => kit.backend.requests.filter((r) => r.route === "getSession").length;

  it.each(["REFRESH", "a socket drop (re-read after the gap)"])("stopped before any text, then %s: the next message goes", async (how) => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    kit.backend.scenario.setTurnsUntilFinal(10);
    const session = kit.open({ reconnectInitialDelayMs: 10, reconnectMaxDelayMs: 20 });
    await session.until(live);
    await send(session, "never mind");
    session.actor.send({ type: "STOP" });
    await session.until((s) => s.context.awaiting === null);
    const before = reads();
    if (how === "REFRESH") session.actor.send({ type: "REFRESH" });
    else kit.backend.faults.dropSockets();
    await session.until((s) => reads() > before && live(s));
    expect(session.actor.getSnapshot().context.awaiting).toBeNull();

    session.actor.send({ type: "SEND", text: "a real question" });
    const done = await session.until((s) => replies(s).length === 1, 2_000);
    expect(done.context.messages.map((m) => m.role)).toEqual(["user", "user", "coach"]);
  });

  it("discarded after its reply failed, then REFRESH: the next message goes", async () => {
    kit.backend.scenario.setTurnsUntilFinal(10);
    kit.backend.faults.failJobs(1, { retryable: false });
    const session = kit.open();
    await session.until(live);
    await send(session, "doomed");
    const failed = await session.until((s) => s.context.awaiting?.error != null);
    session.actor.send({ type: "DISCARD", clientMessageId: failed.context.awaiting!.message.clientMessageId! });
    await session.until((s) => s.context.awaiting === null);
    const before = reads();
    session.actor.send({ type: "REFRESH" });
    await session.until((s) => reads() > before && s.matches("active"));
    expect(session.actor.getSnapshot().context.awaiting).toBeNull();

    session.actor.send({ type: "SEND", text: "a real question" });
    await session.until((s) => replies(s).length === 1, 2_000);
  });
});

describe("messages typed while a reply streams", () => {
  it("wait below the growing reply and go in order, each once", async () => {
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    kit.backend.scenario.setTurnsUntilFinal(10);
    const session = kit.open();
    await session.until(live);
    const history = recordSnapshots(session.actor);
    await send(session, "first");
    await session.until(streaming);
    session.actor.send({ type: "SEND", text: "second" });
    session.actor.send({ type: "SEND", text: "third" });
    const waiting = session.actor.getSnapshot();
    expect(waiting.context.messages.map((m) => [m.role, m.content.slice(0, 6), m.delivery, Boolean(m.partial)])).toEqual([
      ["user", "first", "accepted", false],
      ["coach", expect.any(String), undefined, true],
      ["user", "second", "queued", false],
      ["user", "third", "queued", false],
    ]);
    const done = await session.until((s) => replies(s).length === 3);

    const jobs = kit.backend.jobs().map((j) => j.jobId);
    expect(jobs).toHaveLength(3);
    for (const jobId of jobs) expectCleanStream(history, jobId, serverReply(jobId));
    expect(done.context.messages.map((m) => [m.role, m.partial ?? false])).toEqual([
      ["user", false],
      ["coach", false],
      ["user", false],
      ["coach", false],
      ["user", false],
      ["coach", false],
    ]);
    const server = kit.backend.sessions().find((s) => s.id === done.context.session!.id)!;
    expect(server.messages!.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["first", "second", "third"]);
    for (const m of done.context.messages.filter((m) => m.role === "user")) expect(kit.backend.messagesByClientId(m.clientMessageId!)).toBe(1);
  });
});

describe("a v1 backend (streaming: false)", () => {
  it("behaves as before: awaiting, then the whole reply; never a partial message", async () => {
    kit.backend.scenario.setStreaming(false);
    kit.backend.faults.setProcessingDelay(PROCESSING_MS);
    const session = kit.open();
    await session.until(live);
    const history = recordSnapshots(session.actor);
    const first = await send(session, "one");
    await session.until((s) => replies(s).length === 1);
    const second = await send(session, "two");
    const done = await session.until((s) => replies(s).length === 2);

    expect(history.some(streaming)).toBe(false);
    const statuses = new Set(history.map(selectReplyStatus));
    expect(statuses.has("streaming")).toBe(false);
    expect(statuses.has("awaiting")).toBe(true);
    expect(history.every((s) => selectPartialReply(s) === null)).toBe(true);
    expect(done.context.messages.map((m) => m.id)).toEqual([
      expect.any(String),
      serverReply(first).id,
      expect.any(String),
      serverReply(second).id,
    ]);
  });
});

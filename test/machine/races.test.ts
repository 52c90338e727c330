import { afterEach, describe, expect, it } from "vitest";
import { createMachineHarness, makeSession } from "../support/machine-harness.js";

// Orders of events the contract allows and real networks produce (found by the chaos soak and
// the browser tests): each must end with the full transcript, never a lost reply.
let harness: ReturnType<typeof createMachineHarness>;
afterEach(() => harness?.actor.stop());

const result = { summary: "Plan agreed", extracted: { goal: "5k" } };
const finalTranscript = [
  { id: "msg-c1", role: "user" as const, content: "last words", createdAt: "2026-11-24T12:00:00Z", clientMessageId: "c1", jobId: "job-c1" },
  { id: "r1", role: "coach" as const, content: "final reply", createdAt: "2026-11-24T12:00:01Z", jobId: "job-c1" },
];

describe("event races", () => {
  it("a COMPLETED session update overtaking the final reply re-reads the session, reply and result included", async () => {
    harness = createMachineHarness();
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "last words" });
    await harness.until((s) => s.context.messages[0]?.delivery === "accepted");
    harness.api.getSession.mockResolvedValueOnce({ session: makeSession({ id: "new", status: "COMPLETED", messages: finalTranscript, result }) });
    harness.delivery.emit({ type: "session.updated", session: makeSession({ id: "new", status: "COMPLETED", result }) });
    const done = await harness.inState("completed");
    expect(done.context.messages.map((m) => m.content)).toEqual(["last words", "final reply"]);
    expect(done.context.session?.result).toEqual(result);
    expect(done.context.awaiting).toBeNull();
  });

  it("a COMPLETED update while the final send's 202 is still on its way keeps the message and the reply", async () => {
    let answer: (value: { jobId: string; messageId: string; status: "QUEUED" }) => void = () => {};
    harness = createMachineHarness({ api: { sendMessage: () => new Promise((resolve) => (answer = resolve)) } });
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "last words" });
    await harness.until((s) => s.context.messages[0]?.delivery === "sending");
    harness.api.getSession.mockResolvedValueOnce({ session: makeSession({ id: "new", status: "COMPLETED", messages: finalTranscript, result }) });
    harness.delivery.emit({ type: "session.updated", session: makeSession({ id: "new", status: "COMPLETED" }) });
    const done = await harness.inState("completed");
    answer({ jobId: "job-c1", messageId: "msg-c1", status: "QUEUED" });
    expect(done.context.messages.map((m) => [m.content, m.delivery])).toEqual([
      ["last words", "accepted"],
      ["final reply", undefined],
    ]);
  });

  it("starting a new session ignores the ABANDONED update of the session it replaces", async () => {
    let answer: (value: { session: ReturnType<typeof makeSession>; abandonedSessionId: string }) => void = () => {};
    harness = createMachineHarness({
      api: {
        getCurrentSession: async () => ({ session: makeSession({ id: "old" }), conflict: null }),
        startSession: () => new Promise((resolve) => (answer = resolve)),
      },
    });
    harness.actor.start();
    await harness.inState("choosing");
    harness.actor.send({ type: "START_NEW" });
    await harness.inState("starting");
    harness.delivery.emit({ type: "session.updated", session: makeSession({ id: "old", status: "ABANDONED", replacedBy: "new" }) });
    expect(harness.actor.getSnapshot().value).toBe("starting");
    answer({ session: makeSession({ id: "new" }), abandonedSessionId: "old" });
    const active = await harness.inState("active");
    expect(active.context.session?.id).toBe("new");
  });

  it("releases the socket and the session's jobs once the session has ended", async () => {
    harness = createMachineHarness();
    harness.actor.start();
    await harness.inState("active");
    expect(harness.delivery.watched.at(-1)).toBe("new");
    harness.actor.send({ type: "CANCEL" });
    await harness.inState("cancelled");
    expect(harness.delivery.watched.at(-1)).toBeNull();
    expect(harness.delivery.untrackedSessions).toEqual(["new"]);
  });
});

describe("transcript re-reads", () => {
  const userMessage = { id: "m5", role: "user" as const, content: "sent before the reload", createdAt: "2026-11-24T11:59:00Z", clientMessageId: "x5", jobId: "j5" };

  it("awaits the reply of a message whose 202 was lost to a reload, and holds the outbox until it comes", async () => {
    harness = createMachineHarness({
      settings: { autoResume: true },
      api: { getCurrentSession: async () => ({ session: makeSession({ messages: [userMessage] }), conflict: null }) },
    });
    harness.actor.start();
    const active = await harness.inState("active");
    expect(active.context.awaiting).toMatchObject({ jobId: "j5", message: { clientMessageId: "x5" } });
    expect(harness.delivery.tracked).toEqual([expect.objectContaining({ jobId: "j5", sessionId: "s1", clientMessageId: "x5" })]);
    harness.actor.send({ type: "SEND", text: "next" });
    expect(harness.api.sendMessage).not.toHaveBeenCalled();
    harness.delivery.emit({
      type: "job.completed",
      job: harness.delivery.tracked[0]!,
      result: { reply: { id: "r5", role: "coach", content: "late answer", createdAt: "2026-11-24T12:00:00Z", jobId: "j5" }, isFinal: false, sessionStatus: "ACTIVE" },
      via: "socket",
    });
    await harness.until((s) => s.context.messages.at(-1)?.delivery === "accepted");
    expect(harness.actor.getSnapshot().context.messages.map((m) => m.content)).toEqual(["sent before the reload", "late answer", "next"]);
  });

  it("keeps a message whose job failed as failed when the session is read again", async () => {
    harness = createMachineHarness();
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "q" });
    await harness.until((s) => s.context.messages[0]?.delivery === "accepted");
    const job = harness.delivery.tracked[0]!;
    const { JobFailedError } = await import("../../src/errors/job-errors.js");
    harness.delivery.emit({ type: "job.failed", job, error: new JobFailedError(job.jobId, "MODEL_ERROR", "down"), via: "poll" });
    harness.api.getSession.mockResolvedValueOnce({
      session: makeSession({ id: "new", messages: [{ id: "msg-c1", role: "user", content: "q", createdAt: "2026-11-24T12:00:00Z", clientMessageId: "c1", jobId: "job-c1" }] }),
    });
    harness.actor.send({ type: "REFRESH" });
    const s = await harness.until((s) => s.matches("active") && harness.api.getSession.mock.calls.length === 1);
    expect(s.context.messages[0]).toMatchObject({ delivery: "failed", error: { code: "JOB_FAILED" } });
    // Still failed, and not awaited again: nothing is polled for it.
    expect(s.context.awaiting?.error?.code).toBe("JOB_FAILED");
    expect(harness.delivery.tracked).toHaveLength(1);
  });

  it("does not hide a reply applied while a slower read of the session was on its way", async () => {
    harness = createMachineHarness();
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "hello" });
    await harness.until((s) => s.context.messages[0]?.delivery === "accepted");
    harness.delivery.emit({
      type: "job.completed",
      job: harness.delivery.tracked[0]!,
      result: { reply: { id: "r1", role: "coach", content: "hi", createdAt: "2026-11-24T12:00:01Z", jobId: "job-c1" }, isFinal: false, sessionStatus: "ACTIVE" },
      via: "socket",
    });
    harness.api.getSession.mockResolvedValueOnce({
      session: makeSession({ id: "new", messages: [{ id: "msg-c1", role: "user", content: "hello", createdAt: "2026-11-24T12:00:00Z", clientMessageId: "c1", jobId: "job-c1" }] }),
    });
    harness.actor.send({ type: "REFRESH" });
    const s = await harness.until((s) => s.matches("active") && harness.api.getSession.mock.calls.length === 1);
    expect(s.context.messages.map((m) => m.content)).toEqual(["hello", "hi"]);
    expect(s.context.awaiting).toBeNull();
  });
});

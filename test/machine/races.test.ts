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
    expect(done.context.result).toEqual(result);
    expect(done.context.pendingJobs).toEqual({});
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

  it("reports the connection as closed once the session has ended", async () => {
    harness = createMachineHarness();
    harness.actor.start();
    await harness.inState("active");
    harness.delivery.emit({ type: "connection", connection: { status: "live", reason: "subscribed", since: 1 } });
    harness.actor.send({ type: "CANCEL" });
    const cancelled = await harness.inState("cancelled");
    expect(cancelled.context.connection).toMatchObject({ status: "closed", reason: "session-ended" });
  });
});

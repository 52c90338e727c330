import { afterEach, describe, expect, it, vi } from "vitest";
import { createActor, fromPromise, waitFor } from "xstate";
import type { JobResult } from "../../src/contract/job.js";
import { JobTimeoutError } from "../../src/errors/job-errors.js";
import { NetworkError } from "../../src/errors/network-error.js";
import { coachingSessionMachine } from "../../src/machine/coaching-session-machine.js";
import { selectIsAwaitingReply, selectReplyStatus, selectResult, selectStatus } from "../../src/machine/selectors.js";
import { createMachineHarness, makeSession, reply } from "../support/machine-harness.js";

// One owner per fact, and the seams between the conversation's owners (transcript, awaited reply,
// outbox) that used to lose or double replies.

let harness: ReturnType<typeof createMachineHarness>;
afterEach(() => harness?.actor.stop());

async function activeHarness(options: Parameters<typeof createMachineHarness>[0] = {}) {
  harness = createMachineHarness(options);
  harness.actor.start();
  await harness.inState("active");
  return harness;
}

async function sendAndAccept(h: typeof harness, text: string) {
  h.actor.send({ type: "SEND", text });
  return h.until((s) => s.context.awaiting?.message.content === text);
}

const trackedJob = (h: typeof harness, jobId: string) => h.delivery.tracked.find((job) => job.jobId === jobId)!;

describe("one owner per fact", () => {
  it("keeps status and result in the session only, and a final reply changes both there", async () => {
    const h = await activeHarness();
    await sendAndAccept(h, "done?");
    const result = { summary: "Goals set", extracted: { goal: "5k" } };
    h.delivery.emit({ type: "job.completed", job: trackedJob(h, "job-c1"), result: reply("job-c1", "Well done", { isFinal: true, result, sessionStatus: "COMPLETED" }), via: "socket" });
    const s = h.actor.getSnapshot();
    expect(s.value).toBe("completed");
    expect(s.context.session).toMatchObject({ status: "COMPLETED", result });
    expect(selectStatus(s)).toBe("COMPLETED");
    expect(selectResult(s)).toEqual(result);
    for (const copy of ["status", "result", "replacedBy", "pendingJobs", "services", "hiddenAt"]) expect(s.context).not.toHaveProperty(copy);
  });

  it("holds data only: no function anywhere in the context, and the snapshot serialises", async () => {
    const h = await activeHarness();
    await sendAndAccept(h, "hi");
    const functions: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value === "function") functions.push(path);
      else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
    };
    walk(h.actor.getSnapshot().context, "context");
    expect(functions).toEqual([]);
    expect(() => JSON.stringify(h.actor.getPersistedSnapshot())).not.toThrow();
  });

  it("derives messages from the transcript, the awaited reply and the outbox", async () => {
    const h = await activeHarness();
    await sendAndAccept(h, "one");
    h.actor.send({ type: "SEND", text: "two" });
    const s = h.actor.getSnapshot();
    expect(s.context.transcript).toEqual([]);
    expect(s.context.awaiting?.message.content).toBe("one");
    expect(s.context.outbox.map((m) => m.content)).toEqual(["two"]);
    expect(s.context.messages.map((m) => [m.content, m.delivery])).toEqual([
      ["one", "accepted"],
      ["two", "queued"],
    ]);
  });

  it("asks delivery to drop the old session's jobs on START_NEW, so none is polled after", async () => {
    const h = await activeHarness();
    await sendAndAccept(h, "pending");
    h.api.startSession.mockResolvedValueOnce({ session: makeSession({ id: "second" }), abandonedSessionId: "new" });
    h.actor.send({ type: "START_NEW" });
    await h.until((s) => s.matches("active") && s.context.session?.id === "second");
    expect(h.delivery.untrackedSessions).toEqual(["new"]);
    expect(h.delivery.pendingJobs()).toEqual([]);
  });
});

describe("the reply being awaited", () => {
  it("is not awaited (replyStatus failed) when a failed message sits before a queued one", async () => {
    let attempts = 0;
    const h = await activeHarness({
      api: {
        sendMessage: async () => {
          attempts += 1;
          throw new NetworkError({ operation: "sendMessage" });
        },
      },
    });
    h.actor.send({ type: "SEND", text: "first" });
    await h.until((s) => s.context.messages[0]?.delivery === "failed");
    h.actor.send({ type: "SEND", text: "second" });
    const s = h.actor.getSnapshot();
    expect(s.context.messages.map((m) => m.delivery)).toEqual(["failed", "queued"]);
    expect(selectIsAwaitingReply(s)).toBe(false);
    expect(selectReplyStatus(s)).toBe("failed");
    expect(attempts).toBe(1);
  });

  it("applies a reply that comes after its job timed out, once, and clears the failure", async () => {
    const h = await activeHarness();
    await sendAndAccept(h, "still there?");
    const job = trackedJob(h, "job-c1");
    h.delivery.emit({ type: "job.failed", job, error: new JobTimeoutError(job.jobId, 600_000), via: "deadline" });
    expect(h.actor.getSnapshot().context.messages[0]).toMatchObject({ delivery: "failed", error: { code: "JOB_TIMEOUT" } });
    h.delivery.emit({ type: "job.completed", job, result: reply("job-c1", "sorry, slow day"), via: "socket" });
    h.delivery.emit({ type: "job.completed", job, result: reply("job-c1", "sorry, slow day"), via: "poll" });
    const s = h.actor.getSnapshot();
    expect(s.context.messages.map((m) => [m.role, m.content, m.delivery])).toEqual([
      ["user", "still there?", "accepted"],
      ["coach", "sorry, slow day", undefined],
    ]);
    expect(selectReplyStatus(s)).toBe("idle");
  });

  it("retries a timed-out message under the same client id, so the server keeps it once", async () => {
    const h = await activeHarness();
    await sendAndAccept(h, "hello?");
    const job = trackedJob(h, "job-c1");
    h.delivery.emit({ type: "job.failed", job, error: new JobTimeoutError(job.jobId, 600_000), via: "deadline" });
    h.actor.send({ type: "RETRY", clientMessageId: "c1" });
    await h.until((s) => s.context.awaiting?.error === null && h.api.sendMessage.mock.calls.length === 2);
    expect(h.api.sendMessage.mock.calls.map((call) => call[1].clientMessageId)).toEqual(["c1", "c1"]);
    expect(h.actor.getSnapshot().context.messages.filter((m) => m.content === "hello?")).toHaveLength(1);
  });

  it("re-reads the session when a reply says COMPLETED without being final, instead of ending without results", async () => {
    const h = await activeHarness();
    await sendAndAccept(h, "last");
    const result = { summary: "All set", extracted: {} };
    h.api.getSession.mockResolvedValueOnce({ session: makeSession({ id: "new", status: "COMPLETED", result }) });
    h.delivery.emit({ type: "job.completed", job: trackedJob(h, "job-c1"), result: reply("job-c1", "bye", { sessionStatus: "COMPLETED" }), via: "socket" });
    const done = await h.inState("completed");
    expect(selectResult(done)).toEqual(result);
    expect(done.context.messages.at(-1)?.content).toBe("bye");
  });

  it("applies a reply with a session status it does not know, keeps the session as it was, and logs", async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const h = await activeHarness({ logger });
    await sendAndAccept(h, "hm");
    const weird = { ...reply("job-c1", "noted"), sessionStatus: "ARCHIVED" } as unknown as JobResult;
    h.delivery.emit({ type: "job.completed", job: trackedJob(h, "job-c1"), result: weird, via: "socket" });
    const s = h.actor.getSnapshot();
    expect(s.context.messages.at(-1)?.content).toBe("noted");
    expect(s.context.session?.status).toBe("ACTIVE");
    expect(s.value).toEqual({ active: "ready" });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining("ARCHIVED"));
  });
});

describe("a read that overtakes a send", () => {
  it("awaits the reply of a message a session read showed before its 202 came (a transcript without job ids)", async () => {
    let answer: (value: { jobId: string; messageId: string; status: "QUEUED" }) => void = () => {};
    const h = await activeHarness({ api: { sendMessage: () => new Promise((resolve) => (answer = resolve)) } });
    h.actor.send({ type: "SEND", text: "racing" });
    await h.until((s) => s.context.outbox[0]?.delivery === "sending");
    // Delivery re-read the session (a reconnect, say): the server already holds the message.
    const held = { id: "m-held", role: "user" as const, content: "racing", createdAt: "2026-11-24T12:00:00Z", clientMessageId: "c1" };
    h.delivery.emit({ type: "session.updated", session: makeSession({ id: "new", messages: [held] }) });
    expect(h.actor.getSnapshot().context.messages.map((m) => m.content)).toEqual(["racing"]);
    answer({ jobId: "job-c1", messageId: "m-held", status: "QUEUED" });
    await h.until((s) => s.context.awaiting?.jobId === "job-c1");
    expect(h.delivery.tracked.map((job) => job.jobId)).toEqual(["job-c1"]);
    h.delivery.emit({ type: "job.completed", job: trackedJob(h, "job-c1"), result: reply("job-c1", "made it"), via: "socket" });
    expect(h.actor.getSnapshot().context.messages.map((m) => m.content)).toEqual(["racing", "made it"]);
  });
});

describe("START_NEW with messages not sent yet", () => {
  it("keeps them, failed, in the new session: RETRY sends them there under new ids, DISCARD drops them", async () => {
    let answer: (value: { jobId: string; messageId: string; status: "QUEUED" }) => void = () => {};
    const h = await activeHarness({
      api: { sendMessage: (_id, input) => (input.clientMessageId === "c1" ? new Promise((resolve) => (answer = resolve)) : Promise.resolve({ jobId: `job-${input.clientMessageId}`, messageId: `m-${input.clientMessageId}`, status: "QUEUED" as const })) },
    });
    h.actor.send({ type: "SEND", text: "typed before the restart" });
    await h.until((s) => s.context.outbox[0]?.delivery === "sending");
    h.api.startSession.mockResolvedValueOnce({ session: makeSession({ id: "second" }), abandonedSessionId: "new" });
    h.actor.send({ type: "START_NEW" });
    const started = await h.until((s) => s.matches("active") && s.context.session?.id === "second");
    answer({ jobId: "job-c1", messageId: "m-c1", status: "QUEUED" });
    // Kept in storage under the new session, so a reload still offers it.
    const stored = JSON.parse(h.storage.getItem("coaching-session-sdk:default:outbox") ?? "[]") as Array<{ sessionId: string; content: string }>;
    expect(stored).toEqual([expect.objectContaining({ sessionId: "second", content: "typed before the restart" })]);
    expect(started.context.messages).toEqual([
      expect.objectContaining({ content: "typed before the restart", delivery: "failed", error: expect.objectContaining({ code: "SEND_BLOCKED", reason: "replaced" }) }),
    ]);
    h.actor.send({ type: "RETRY" });
    await h.until((s) => s.context.awaiting?.message.content === "typed before the restart");
    const [first, second] = h.api.sendMessage.mock.calls;
    expect(first![0]).toBe("new");
    expect(second![0]).toBe("second");
    expect(second![1].clientMessageId).not.toBe(first![1].clientMessageId);
  });
});

describe("effects supplied from outside", () => {
  it("swaps one effect with provide() and keeps the others", async () => {
    const sendMessage = vi.fn(async () => ({ jobId: "swapped", messageId: "m1", status: "QUEUED" as const, clientMessageId: "c1" }));
    harness = createMachineHarness({ provide: (machine) => machine.provide({ actors: { sendMessage: fromPromise(sendMessage) } }) });
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "hi" });
    await harness.until((s) => s.context.awaiting?.jobId === "swapped");
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect(harness.api.sendMessage).not.toHaveBeenCalled();
    expect(harness.api.getCurrentSession).toHaveBeenCalledTimes(1);
  });

  it("fails with a typed error, not a throw, when run without its effects", async () => {
    const actor = createActor(coachingSessionMachine, { input: {} }).start();
    const failed = await waitFor(actor, (s) => s.matches("failed"), { timeout: 1_000 });
    expect(failed.context.error).toMatchObject({ code: "VALIDATION_ERROR", operation: "machine" });
    expect(failed.context.error?.message).toContain("createCoachingSessionMachine");
    actor.send({ type: "RETRY" });
    expect(actor.getSnapshot().status).toBe("active");
    actor.stop();
  });
});

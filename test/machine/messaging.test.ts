import { afterEach, describe, expect, it } from "vitest";
import type { JobResult } from "../../src/contract/job.js";
import { ExpiredError } from "../../src/errors/expired-error.js";
import { HttpError } from "../../src/errors/http-error.js";
import { JobFailedError } from "../../src/errors/job-errors.js";
import { NetworkError } from "../../src/errors/network-error.js";
import { createMachineHarness, makeSession, reply } from "../support/machine-harness.js";

let harness: ReturnType<typeof createMachineHarness>;
afterEach(() => harness?.actor.stop());

function complete(h: typeof harness, jobId: string, result: JobResult, via: "socket" | "poll" = "socket") {
  const job = h.delivery.tracked.find((j) => j.jobId === jobId)!;
  h.delivery.emit({ type: "job.completed", job, result, via });
}

async function activeHarness(options: Parameters<typeof createMachineHarness>[0] = {}) {
  harness = createMachineHarness(options);
  harness.actor.start();
  await harness.inState("active");
  return harness;
}

describe("sending messages", () => {
  it("shows the message at once, then accepted with its job id, then the reply once", async () => {
    const h = await activeHarness();
    h.actor.send({ type: "SEND", text: "Hello" });
    expect(h.actor.getSnapshot().context.messages[0]).toMatchObject({ role: "user", content: "Hello", clientMessageId: "c1" });
    await h.until((s) => s.context.messages[0]?.delivery === "accepted");
    expect(h.api.sendMessage).toHaveBeenCalledWith("new", { content: "Hello", clientMessageId: "c1" }, expect.anything());
    expect(h.delivery.tracked).toEqual([expect.objectContaining({ jobId: "job-c1", sessionId: "new", clientMessageId: "c1" })]);
    complete(h, "job-c1", reply("job-c1", "Hi!"));
    complete(h, "job-c1", reply("job-c1", "Hi!"), "poll");
    const s = h.actor.getSnapshot();
    expect(s.context.messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "Hello"],
      ["coach", "Hi!"],
    ]);
    expect(s.context.awaiting).toBeNull();
  });

  it("keeps messages typed while a reply is pending in an outbox, sent in order", async () => {
    const h = await activeHarness();
    h.actor.send({ type: "SEND", text: "one" });
    await h.until((s) => s.context.awaiting?.jobId === "job-c1");
    h.actor.send({ type: "SEND", text: "two" });
    h.actor.send({ type: "SEND", text: "three" });
    expect(h.api.sendMessage).toHaveBeenCalledTimes(1);
    expect(h.actor.getSnapshot().context.messages.map((m) => m.delivery)).toEqual(["accepted", "queued", "queued"]);
    complete(h, "job-c1", reply("job-c1", "r1"));
    await h.until((s) => s.context.messages.find((m) => m.content === "two")?.delivery === "accepted");
    complete(h, "job-c2", reply("job-c2", "r2"));
    await h.until((s) => s.context.messages.find((m) => m.content === "three")?.delivery === "accepted");
    expect(h.api.sendMessage.mock.calls.map((c) => c[1].content)).toEqual(["one", "two", "three"]);
  });

  it("marks a failed send, keeps its text, and retries it with the same client id", async () => {
    let attempts = 0;
    const h = await activeHarness({
      api: {
        sendMessage: async (_id, input) => {
          if (++attempts === 1) throw new NetworkError({ operation: "sendMessage" });
          return { jobId: "j1", messageId: "m1", status: "QUEUED" };
        },
      },
    });
    h.actor.send({ type: "SEND", text: "keep me" });
    const failed = await h.until((s) => s.context.messages[0]?.delivery === "failed");
    expect(failed.context.messages[0]).toMatchObject({ content: "keep me", clientMessageId: "c1" });
    expect(failed.context.messages[0]!.error?.code).toBe("NETWORK_ERROR");
    h.actor.send({ type: "SEND", text: "later" });
    expect(h.actor.getSnapshot().context.messages.map((m) => m.delivery)).toEqual(["failed", "queued"]);
    h.actor.send({ type: "RETRY" });
    await h.until((s) => s.context.messages[0]?.delivery === "accepted");
    expect(h.api.sendMessage.mock.calls.map((c) => c[1].clientMessageId)).toEqual(["c1", "c1"]);
  });

  it("DISCARD drops a failed message and lets the next one go", async () => {
    const h = await activeHarness({ api: { sendMessage: async () => Promise.reject(new HttpError({ status: 400, serverCode: "BAD", operation: "sendMessage" })) } });
    h.actor.send({ type: "SEND", text: "bad" });
    await h.until((s) => s.context.messages[0]?.delivery === "failed");
    h.actor.send({ type: "DISCARD", clientMessageId: "c1" });
    expect(h.actor.getSnapshot().context.messages).toEqual([]);
  });

  it("a failed job marks its message failed; retry uses a fresh client id", async () => {
    const h = await activeHarness();
    h.actor.send({ type: "SEND", text: "q" });
    await h.until((s) => s.context.messages[0]?.delivery === "accepted");
    const job = h.delivery.tracked[0]!;
    h.delivery.emit({ type: "job.failed", job, error: new JobFailedError(job.jobId, "MODEL_ERROR", "overloaded"), via: "socket" });
    const failed = h.actor.getSnapshot();
    expect(failed.context.messages[0]).toMatchObject({ delivery: "failed" });
    expect(failed.context.error?.code).toBe("JOB_FAILED");
    h.actor.send({ type: "RETRY" });
    await h.until((s) => s.context.messages[0]?.delivery === "accepted");
    expect(h.api.sendMessage.mock.calls.map((c) => c[1].clientMessageId)).toEqual(["c1", "c2"]);
  });

  it("refuses empty and oversized messages with a typed reason, sending nothing", async () => {
    const h = await activeHarness();
    h.actor.send({ type: "SEND", text: "   " });
    expect(h.actor.getSnapshot().context.error).toMatchObject({ code: "SEND_BLOCKED", reason: "empty" });
    h.actor.send({ type: "SEND", text: "x".repeat(101) });
    expect(h.actor.getSnapshot().context.error).toMatchObject({ code: "SEND_BLOCKED", reason: "too-large" });
    expect(h.actor.getSnapshot().context.messages).toEqual([]);
  });

  it("a final reply completes the session with the extracted results", async () => {
    const h = await activeHarness();
    h.actor.send({ type: "SEND", text: "done?" });
    await h.until((s) => s.context.messages[0]?.delivery === "accepted");
    const result = { summary: "Goals set", extracted: { goal: "run 5k" } };
    complete(h, "job-c1", reply("job-c1", "Well done", { isFinal: true, result, sessionStatus: "COMPLETED" }));
    const s = h.actor.getSnapshot();
    expect(s.value).toBe("completed");
    expect(s.hasTag("finished")).toBe(true);
    expect(s.context.session?.result).toEqual(result);
    expect(s.context.session?.status).toBe("COMPLETED");
    expect(s.context.messages.at(-1)?.content).toBe("Well done");
  });

  it("an expired job re-reads the transcript so the reply is not lost", async () => {
    const h = await activeHarness();
    h.actor.send({ type: "SEND", text: "hello" });
    await h.until((s) => s.context.messages[0]?.delivery === "accepted");
    h.api.getSession.mockResolvedValueOnce({
      session: makeSession({
        id: "new",
        messages: [
          { id: "msg-c1", role: "user", content: "hello", createdAt: "2026-11-24T12:00:00Z", clientMessageId: "c1", jobId: "job-c1" },
          { id: "r1", role: "coach", content: "recovered", createdAt: "2026-11-24T12:00:01Z", jobId: "job-c1" },
        ],
      }),
    });
    h.delivery.emit({ type: "job.failed", job: h.delivery.tracked[0]!, error: new ExpiredError("job", { id: "job-c1" }), via: "poll" });
    const s = await h.until((s) => s.matches("active") && s.context.messages.length === 2);
    expect(s.context.messages.map((m) => m.content)).toEqual(["hello", "recovered"]);
    expect(s.context.awaiting).toBeNull();
  });

  it("ignores replies for a session that is not the current one", async () => {
    const h = await activeHarness();
    h.delivery.emit({
      type: "job.completed",
      job: { jobId: "other", sessionId: "someone-else", trackedAt: 0 },
      result: reply("other", "not mine"),
      via: "socket",
    });
    expect(h.actor.getSnapshot().context.messages).toEqual([]);
  });

  it("a session that expired while sending lands in expired, and START_NEW starts over", async () => {
    const h = await activeHarness({ api: { sendMessage: async () => Promise.reject(new ExpiredError("session", { id: "new", status: 410 })) } });
    h.actor.send({ type: "SEND", text: "anyone?" });
    const expired = await h.inState("expired");
    expect(expired.context.error?.code).toBe("SESSION_EXPIRED");
    // Not left "sending" forever: back in line, unsent.
    expect(expired.context.messages.map((m) => [m.content, m.delivery])).toEqual([["anyone?", "queued"]]);
    h.actor.send({ type: "START_NEW" });
    const fresh = await h.inState("active");
    expect(h.api.startSession).toHaveBeenCalledTimes(2);
    // Kept for the user to send in the new session, or to drop.
    expect(fresh.context.messages).toEqual([expect.objectContaining({ content: "anyone?", delivery: "failed", error: expect.objectContaining({ reason: "replaced" }) })]);
  });
});

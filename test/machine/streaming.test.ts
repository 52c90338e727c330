import { afterEach, describe, expect, it } from "vitest";
import { ExpiredError } from "../../src/errors/expired-error.js";
import { JobFailedError } from "../../src/errors/job-errors.js";
import { selectCanStop, selectPartialReply, selectReplyStatus } from "../../src/machine/selectors.js";
import { createMachineHarness, reply } from "../support/machine-harness.js";

// A reply written as it streams, and STOP: what the machine makes of delivery's progress and of
// the stop's outcome.

let harness: ReturnType<typeof createMachineHarness>;
afterEach(() => harness?.actor.stop());

async function awaitingHarness() {
  harness = createMachineHarness();
  harness.actor.start();
  await harness.inState("active");
  harness.actor.send({ type: "SEND", text: "tell me more" });
  await harness.until((s) => s.context.awaiting !== null);
  return { h: harness, job: harness.delivery.tracked[0]! };
}

describe("a streamed reply", () => {
  it("grows in one coach message, then becomes the final reply in the same place", async () => {
    const { h, job } = await awaitingHarness();
    const seen: string[][] = [];
    h.actor.subscribe((s) => seen.push(s.context.messages.map((m) => `${m.role}:${m.partial ? "partial:" : ""}${m.content}`)));
    h.delivery.emit({ type: "job.progress", job, seq: 1, text: "Run" });
    h.delivery.emit({ type: "job.progress", job, seq: 2, text: "Run three" });
    const streaming = h.actor.getSnapshot();
    expect(selectReplyStatus(streaming)).toBe("streaming");
    expect(selectPartialReply(streaming)).toBe("Run three");
    expect(streaming.context.messages.at(-1)).toMatchObject({ role: "coach", partial: true, jobId: job.jobId, content: "Run three" });
    h.delivery.emit({ type: "job.completed", job, result: reply(job.jobId, "Run three times a week."), via: "socket" });
    const done = h.actor.getSnapshot();
    expect(done.context.messages.map((m) => [m.role, m.content, m.partial])).toEqual([
      ["user", "tell me more", undefined],
      ["coach", "Run three times a week.", undefined],
    ]);
    expect(selectReplyStatus(done)).toBe("idle");
    // Never two coach messages at once.
    for (const messages of seen) expect(messages.filter((m) => m.startsWith("coach:")).length).toBeLessThanOrEqual(1);
  });

  it("keeps messages typed while a reply streams in order, after it", async () => {
    const { h, job } = await awaitingHarness();
    h.delivery.emit({ type: "job.progress", job, seq: 1, text: "Hm" });
    h.actor.send({ type: "SEND", text: "and then?" });
    expect(h.actor.getSnapshot().context.messages.map((m) => m.content)).toEqual(["tell me more", "Hm", "and then?"]);
    expect(h.api.sendMessage).toHaveBeenCalledTimes(1);
  });

  it("ignores progress for another session or job, and after the job completed", async () => {
    const { h, job } = await awaitingHarness();
    h.delivery.emit({ type: "job.progress", job: { ...job, sessionId: "other" }, seq: 1, text: "not mine" });
    h.delivery.emit({ type: "job.progress", job: { ...job, jobId: "someone-else" }, seq: 1, text: "not this job" });
    expect(selectPartialReply(h.actor.getSnapshot())).toBeNull();
    h.delivery.emit({ type: "job.completed", job, result: reply(job.jobId, "done"), via: "socket" });
    h.delivery.emit({ type: "job.progress", job, seq: 9, text: "done and more" });
    expect(h.actor.getSnapshot().context.messages.map((m) => m.content)).toEqual(["tell me more", "done"]);
  });
});

describe("STOP", () => {
  it("asks delivery to stop the awaited reply once, and keeps a stopped reply with its text", async () => {
    const { h, job } = await awaitingHarness();
    h.delivery.emit({ type: "job.progress", job, seq: 1, text: "Well" });
    expect(selectCanStop(h.actor.getSnapshot())).toBe(true);
    h.actor.send({ type: "STOP" });
    h.actor.send({ type: "STOP" });
    expect(h.delivery.stopped).toEqual([job.jobId]);
    expect(selectCanStop(h.actor.getSnapshot())).toBe(false);
    h.delivery.emit({ type: "job.completed", job, result: reply(job.jobId, "Well", { stopped: true }), via: "poll" });
    const s = h.actor.getSnapshot();
    expect(s.context.messages.at(-1)).toMatchObject({ role: "coach", content: "Well", stopped: true });
    expect(selectReplyStatus(s)).toBe("idle");
  });

  it("before any text: the message stays without a reply and the next one goes", async () => {
    const { h, job } = await awaitingHarness();
    h.actor.send({ type: "STOP" });
    h.delivery.emit({ type: "job.failed", job, error: new JobFailedError(job.jobId, "CANCELLED", "stopped by the user"), via: "poll" });
    const s = h.actor.getSnapshot();
    expect(s.context.messages.map((m) => [m.role, m.delivery])).toEqual([["user", "accepted"]]);
    expect(s.context.error).toBeNull();
    expect(selectReplyStatus(s)).toBe("idle");
    h.actor.send({ type: "SEND", text: "next" });
    await h.until((s) => s.context.awaiting?.message.content === "next");
  });

  it("a stop the server refuses (v1 backend: 404) is a typed error and the reply carries on", async () => {
    const { h, job } = await awaitingHarness();
    h.delivery.stopAnswer = () => Promise.reject(new ExpiredError("job", { id: job.jobId, status: 404, operation: "cancelJob" }));
    h.actor.send({ type: "STOP" });
    await h.until((s) => s.context.error !== null);
    const s = h.actor.getSnapshot();
    expect(s.context.error).toMatchObject({ code: "JOB_EXPIRED" });
    expect(selectCanStop(s)).toBe(true);
    h.delivery.emit({ type: "job.completed", job, result: reply(job.jobId, "here it is"), via: "socket" });
    expect(h.actor.getSnapshot().context.messages.at(-1)?.content).toBe("here it is");
  });

  it("does nothing when no reply is awaited", async () => {
    harness = createMachineHarness();
    harness.actor.start();
    const before = await harness.inState("active");
    harness.actor.send({ type: "STOP" });
    expect(harness.delivery.stopped).toEqual([]);
    expect(harness.actor.getSnapshot().context).toEqual(before.context);
  });
});

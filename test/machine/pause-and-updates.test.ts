import { afterEach, describe, expect, it } from "vitest";
import { HttpError } from "../../src/errors/http-error.js";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { createMachineHarness, makeSession } from "../support/machine-harness.js";

let harness: ReturnType<typeof createMachineHarness>;
afterEach(() => harness?.actor.stop());

async function activeHarness(options: Parameters<typeof createMachineHarness>[0] = {}) {
  harness = createMachineHarness(options);
  harness.actor.start();
  await harness.inState("active");
  return harness;
}

describe("pause, resume, cancel", () => {
  it("pause blocks sends with a reason; replies in flight still arrive; resume unblocks", async () => {
    const h = await activeHarness();
    h.actor.send({ type: "SEND", text: "before pause" });
    await h.until((s) => s.context.messages[0]?.delivery === "accepted");
    h.actor.send({ type: "PAUSE" });
    const paused = await h.inState("paused");
    expect(paused.hasTag("can-send")).toBe(false);
    h.actor.send({ type: "SEND", text: "while paused" });
    expect(h.actor.getSnapshot().context.error).toMatchObject({ code: "SEND_BLOCKED", reason: "paused" });
    expect(h.actor.getSnapshot().context.messages).toHaveLength(1);
    h.delivery.emit({
      type: "job.completed",
      job: h.delivery.tracked[0]!,
      result: { reply: { id: "r1", role: "coach", content: "late reply", createdAt: "2026-11-24T12:00:00Z" }, isFinal: false, sessionStatus: "PAUSED" },
      via: "socket",
    });
    expect(h.actor.getSnapshot().context.messages.at(-1)?.content).toBe("late reply");
    h.actor.send({ type: "RESUME" });
    const active = await h.inState("active");
    expect(active.hasTag("can-send")).toBe(true);
    expect(h.api.resumeSession).toHaveBeenCalledTimes(1);
  });

  it("a failed pause returns to active with the error set", async () => {
    const h = await activeHarness({ api: { pauseSession: async () => Promise.reject(new HttpError({ status: 503, serverCode: "DOWN", operation: "pauseSession" })) } });
    h.actor.send({ type: "PAUSE" });
    await h.until((s) => s.matches("active") && s.context.error !== null);
    expect(h.actor.getSnapshot().context.error?.code).toBe("HTTP_ERROR");
  });

  it("cancel ends the session", async () => {
    const h = await activeHarness();
    h.actor.send({ type: "CANCEL" });
    const s = await h.inState("cancelled");
    expect(s.hasTag("finished")).toBe(true);
    expect(s.context.session?.status).toBe("CANCELLED");
  });

  it("follows a pause made elsewhere, and a resume made elsewhere", async () => {
    const h = await activeHarness();
    h.delivery.emit({ type: "session.updated", session: makeSession({ id: "new", status: "PAUSED" }) });
    expect(h.actor.getSnapshot().value).toBe("paused");
    h.delivery.emit({ type: "session.updated", session: makeSession({ id: "new", status: "ACTIVE" }) });
    expect(h.actor.getSnapshot().value).toEqual({ active: "ready" });
  });

  it("goes to abandoned when a fresh start elsewhere replaced the session, and can open the new one", async () => {
    const h = await activeHarness();
    h.delivery.emit({ type: "session.updated", session: makeSession({ id: "new", status: "ABANDONED", replacedBy: "newer" }) });
    const s = h.actor.getSnapshot();
    expect(s.value).toBe("abandoned");
    expect(s.context.session?.replacedBy).toBe("newer");
    h.api.getCurrentSession.mockResolvedValueOnce({ session: makeSession({ id: "newer" }), conflict: null });
    h.actor.send({ type: "RESUME" });
    await h.inState("choosing");
  });

  it("a send refused with 409 SESSION_NOT_ACTIVE re-reads the session and keeps the message for a retry", async () => {
    const h = await activeHarness({
      api: { sendMessage: async () => Promise.reject(new HttpError({ status: 409, serverCode: "SESSION_NOT_ACTIVE", operation: "sendMessage" })) },
    });
    h.api.getSession.mockResolvedValueOnce({ session: makeSession({ id: "new", status: "PAUSED" }) });
    h.actor.send({ type: "SEND", text: "queued" });
    const paused = await h.inState("paused");
    expect(paused.context.messages[0]).toMatchObject({ content: "queued", delivery: "failed" });
    expect(paused.context.messages[0]!.error).toMatchObject({ serverCode: "SESSION_NOT_ACTIVE" });
    expect(h.api.sendMessage).toHaveBeenCalledTimes(1);
  });

  it("re-checks the session when the page comes back after being hidden longer than idleAfterMs", async () => {
    const h = await activeHarness({ settings: { idleAfterMs: 1_000 } });
    h.api.getCurrentSession.mockResolvedValueOnce({ session: makeSession({ id: "new", lastActivityAt: "2026-11-24T00:00:00Z" }), conflict: null });
    h.environment.setVisible(false);
    h.advanceClock(5_000);
    h.environment.setVisible(true);
    const s = await h.inState("choosing");
    expect(s.context.isIdle).toBe(true);
  });

  it("stays active when the page was hidden only briefly", async () => {
    const h = await activeHarness({ settings: { idleAfterMs: 60_000 } });
    h.environment.setVisible(false);
    h.advanceClock(5_000);
    h.environment.setVisible(true);
    expect(h.actor.getSnapshot().matches("active")).toBe(true);
    expect(h.api.getCurrentSession).toHaveBeenCalledTimes(1);
  });
});

describe("reloads", () => {
  it("restores unsent messages from storage and sends them after the reload", async () => {
    const storage = createMemoryStorage();
    const first = await activeHarness({ storage, api: { sendMessage: () => new Promise(() => {}) } });
    first.actor.send({ type: "SEND", text: "typed before reload" });
    first.actor.stop();

    harness = createMachineHarness({
      storage,
      settings: { autoResume: true },
      api: { getCurrentSession: async () => ({ session: makeSession({ id: "new" }), conflict: null }) },
    });
    harness.actor.start();
    await harness.until((s) => s.context.messages[0]?.delivery === "accepted");
    expect(harness.api.sendMessage).toHaveBeenCalledWith("new", { content: "typed before reload", clientMessageId: "c1" }, expect.anything());
  });

  it("applies a reply for a job that was pending before the reload", async () => {
    const transcript = [{ id: "m1", role: "user" as const, content: "q", createdAt: "2026-11-24T11:00:00Z", clientMessageId: "x", jobId: "j9" }];
    harness = createMachineHarness({
      settings: { autoResume: true },
      restoredJobs: [{ jobId: "j9", sessionId: "s1", clientMessageId: "x", trackedAt: 0 }],
      api: { getCurrentSession: async () => ({ session: makeSession({ messages: transcript }), conflict: null }) },
    });
    harness.actor.start();
    const active = await harness.inState("active");
    expect(active.context.awaiting).toMatchObject({ jobId: "j9", message: { clientMessageId: "x" } });
    harness.delivery.emit({
      type: "job.completed",
      job: { jobId: "j9", sessionId: "s1", clientMessageId: "x", trackedAt: 0 },
      result: { reply: { id: "r9", role: "coach", content: "answer", createdAt: "2026-11-24T12:00:00Z", jobId: "j9" }, isFinal: false, sessionStatus: "ACTIVE" },
      via: "poll",
    });
    expect(harness.actor.getSnapshot().context.messages.map((m) => m.content)).toEqual(["q", "answer"]);
  });

  it("stops listening to delivery when the actor stops", async () => {
    const h = await activeHarness();
    expect(h.delivery.listenerCount()).toBe(1);
    expect(h.environment.listenerCount()).toBe(1);
    h.actor.stop();
    expect(h.delivery.listenerCount()).toBe(0);
    expect(h.environment.listenerCount()).toBe(0);
  });
});

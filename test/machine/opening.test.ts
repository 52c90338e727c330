import { afterEach, describe, expect, it } from "vitest";
import { ConflictError } from "../../src/errors/conflict-error.js";
import { NetworkError } from "../../src/errors/network-error.js";
import { createMachineHarness, makeSession, NOW } from "../support/machine-harness.js";

const conflict = { code: "SESSION_HELD_BY_OTHER_USER" as const, heldBy: { displayName: "Ada" }, since: new Date(NOW).toISOString(), guidance: "Ask Ada to finish" };
let harness: ReturnType<typeof createMachineHarness>;
afterEach(() => harness?.actor.stop());

describe("opening coaching", () => {
  it("starts a fresh session when the user has none", async () => {
    harness = createMachineHarness();
    harness.actor.start();
    const s = await harness.inState("active");
    expect(harness.api.getCurrentSession).toHaveBeenCalledTimes(1);
    expect(harness.api.startSession).toHaveBeenCalledWith(expect.objectContaining({ replaceSessionId: undefined }));
    expect(s.context.session?.status).toBe("ACTIVE");
    expect(s.context.messages).toEqual([]);
    expect(harness.delivery.watched.at(-1)).toBe("new");
  });

  it("offers resume or start new for a paused session, and resume restores the transcript", async () => {
    const transcript = [
      { id: "m1", role: "user" as const, content: "hi", createdAt: "2026-11-24T11:00:00Z", clientMessageId: "x1", jobId: "j1" },
      { id: "m2", role: "coach" as const, content: "hello", createdAt: "2026-11-24T11:00:01Z", jobId: "j1" },
    ];
    harness = createMachineHarness({
      api: {
        getCurrentSession: async () => ({ session: makeSession({ status: "PAUSED", messages: transcript }), conflict: null }),
        resumeSession: async (id) => ({ session: makeSession({ id, status: "ACTIVE", messages: transcript }) }),
      },
    });
    harness.actor.start();
    const choosing = await harness.inState("choosing");
    expect(choosing.context.session?.status).toBe("PAUSED");
    expect(choosing.can({ type: "RESUME" })).toBe(true);
    harness.actor.send({ type: "RESUME" });
    const active = await harness.inState("active");
    expect(harness.api.resumeSession).toHaveBeenCalledWith("s1", expect.anything());
    expect(active.context.messages.map((m) => m.content)).toEqual(["hi", "hello"]);
    expect(active.context.messages[0]!.delivery).toBe("accepted");
  });

  it("offers an idle ACTIVE session as paused, and resume re-reads it", async () => {
    const idle = makeSession({ lastActivityAt: new Date(NOW - 2 * 3_600_000).toISOString() });
    harness = createMachineHarness({ api: { getCurrentSession: async () => ({ session: idle, conflict: null }) } });
    harness.actor.start();
    const choosing = await harness.inState("choosing");
    expect(choosing.context.isIdle).toBe(true);
    harness.actor.send({ type: "RESUME" });
    const active = await harness.inState("active");
    expect(harness.api.getSession).toHaveBeenCalledTimes(1);
    expect(harness.api.resumeSession).not.toHaveBeenCalled();
    expect(active.context.isIdle).toBe(false);
  });

  it("does not mark a recently active session idle", async () => {
    harness = createMachineHarness({ api: { getCurrentSession: async () => ({ session: makeSession(), conflict: null }) } });
    harness.actor.start();
    expect((await harness.inState("choosing")).context.isIdle).toBe(false);
  });

  it("goes straight back into a fresh ACTIVE session with autoResume", async () => {
    harness = createMachineHarness({
      settings: { autoResume: true },
      api: { getCurrentSession: async () => ({ session: makeSession(), conflict: null }) },
    });
    harness.actor.start();
    await harness.inState("active");
    expect(harness.api.startSession).not.toHaveBeenCalled();
  });

  it("start new retires the old session by replacing it", async () => {
    harness = createMachineHarness({ api: { getCurrentSession: async () => ({ session: makeSession({ id: "old" }), conflict: null }) } });
    harness.actor.start();
    await harness.inState("choosing");
    harness.actor.send({ type: "START_NEW" });
    const active = await harness.inState("active");
    expect(harness.api.startSession).toHaveBeenCalledWith(expect.objectContaining({ replaceSessionId: "old" }));
    expect(active.context.session?.id).toBe("new");
  });

  it("blocks entry on a conflict with guidance, and RETRY checks again", async () => {
    let calls = 0;
    harness = createMachineHarness({
      api: { getCurrentSession: async () => (++calls === 1 ? { session: null, conflict } : { session: null, conflict: null }) },
    });
    harness.actor.start();
    const blocked = await harness.inState("conflict");
    expect(blocked.context.conflict?.guidance).toBe("Ask Ada to finish");
    expect(blocked.hasTag("blocked")).toBe(true);
    harness.actor.send({ type: "RETRY" });
    await harness.inState("active");
    expect(calls).toBe(2);
  });

  it("lands in conflict when starting is refused with 409 TENANT_CONFLICT", async () => {
    harness = createMachineHarness({ api: { startSession: async () => Promise.reject(new ConflictError(conflict)) } });
    harness.actor.start();
    const s = await harness.inState("conflict");
    expect(s.context.conflict).toEqual(conflict);
    expect(s.context.error?.code).toBe("TENANT_CONFLICT");
  });

  it("a failed check lands in failed with the typed error, and RETRY recovers", async () => {
    let calls = 0;
    harness = createMachineHarness({
      api: {
        getCurrentSession: async () => {
          if (++calls === 1) throw new NetworkError({ operation: "getCurrentSession" });
          return { session: null, conflict: null };
        },
      },
    });
    harness.actor.start();
    const failed = await harness.inState("failed");
    expect(failed.context.error?.code).toBe("NETWORK_ERROR");
    harness.actor.send({ type: "RETRY" });
    const active = await harness.inState("active");
    expect(active.context.error).toBeNull();
  });

  it("wraps a non-SDK rejection in a CoachingError instead of throwing", async () => {
    harness = createMachineHarness({ api: { getCurrentSession: async () => Promise.reject(new TypeError("boom")) } });
    harness.actor.start();
    const failed = await harness.inState("failed");
    expect(failed.context.error?.name).toBe("CoachingError");
    expect(failed.context.error?.message).toContain("boom");
  });
});

import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { useLifecycleKit, replies } from "./support.js";

const kit = useLifecycleKit();

describe("a whole session against the mock backend", () => {
  it("starts fresh and reaches a final reply with extracted results", async () => {
    const { actor, until } = kit.open();
    await until((s) => s.matches("active"));
    for (const [i, text] of ["I want to run", "A 5k", "In spring"].entries()) {
      actor.send({ type: "SEND", text });
      await until((s) => replies(s).length === i + 1 || s.matches("completed"));
    }
    const done = await until((s) => s.matches("completed"));
    expect(done.context.session?.result?.summary).toEqual(expect.any(String));
    expect(done.context.session?.status).toBe("COMPLETED");
    expect(replies(done)).toHaveLength(3);
    expect(done.context.messages.filter((m) => m.role === "user").every((m) => m.delivery === "accepted")).toBe(true);
    for (const message of done.context.messages.filter((m) => m.role === "user")) {
      expect(kit.backend.messagesByClientId(message.clientMessageId!)).toBe(1);
    }
  });

  it("resumes a paused session with its transcript", async () => {
    const first = kit.open();
    await first.until((s) => s.matches("active"));
    first.actor.send({ type: "SEND", text: "hello" });
    await first.until((s) => replies(s).length === 1);
    first.actor.send({ type: "PAUSE" });
    await first.until((s) => s.matches("paused"));
    first.actor.stop();

    const second = kit.open();
    const choosing = await second.until((s) => s.matches("choosing"));
    expect(choosing.context.session?.status).toBe("PAUSED");
    second.actor.send({ type: "RESUME" });
    const active = await second.until((s) => s.matches("active"));
    expect(active.context.messages.map((m) => m.role)).toEqual(["user", "coach"]);
    expect(active.context.session?.status).toBe("ACTIVE");
  });

  it("start new abandons the old session and begins with an empty transcript", async () => {
    const first = kit.open();
    const started = await first.until((s) => s.matches("active"));
    const oldId = started.context.session!.id;
    first.actor.stop();

    const second = kit.open();
    await second.until((s) => s.matches("choosing"));
    second.actor.send({ type: "START_NEW" });
    const fresh = await second.until((s) => s.matches("active") && s.context.session?.id !== oldId);
    expect(fresh.context.messages).toEqual([]);
    expect(kit.backend.sessions().find((s) => s.id === oldId)?.status).toBe("ABANDONED");
  });

  it("is blocked by a tenant conflict, then enters once it is gone", async () => {
    kit.backend.scenario.setConflict({ heldBy: { displayName: "Ada" }, guidance: "Ada is coaching right now" });
    const { actor, until } = kit.open();
    const blocked = await until((s) => s.matches("conflict"));
    expect(blocked.context.conflict?.guidance).toBe("Ada is coaching right now");
    kit.backend.scenario.setConflict(null);
    actor.send({ type: "RETRY" });
    await until((s) => s.matches("active"));
  });

  it("pause blocks the input, resume unblocks it", async () => {
    const { actor, until } = kit.open();
    await until((s) => s.matches("active"));
    actor.send({ type: "PAUSE" });
    const paused = await until((s) => s.matches("paused"));
    expect(paused.hasTag("can-send")).toBe(false);
    actor.send({ type: "SEND", text: "blocked" });
    expect(actor.getSnapshot().context.error?.code).toBe("SEND_BLOCKED");
    actor.send({ type: "RESUME" });
    await until((s) => s.matches("active"));
    actor.send({ type: "SEND", text: "allowed" });
    await until((s) => replies(s).length === 1);
    expect(kit.backend.jobs()).toHaveLength(1);
  });

  it("cancel ends the session on the server", async () => {
    const { actor, until } = kit.open();
    const active = await until((s) => s.matches("active"));
    actor.send({ type: "CANCEL" });
    await until((s) => s.matches("cancelled"));
    expect(kit.backend.sessions().find((s) => s.id === active.context.session!.id)?.status).toBe("CANCELLED");
  });

  it("lands in expired when the session expires, and START_NEW recovers", async () => {
    const { actor, until } = kit.open();
    const active = await until((s) => s.matches("active"));
    kit.backend.scenario.expireSession(active.context.session!.id);
    actor.send({ type: "SEND", text: "anyone there?" });
    const expired = await until((s) => s.matches("expired"));
    expect(expired.context.error?.code).toBe("SESSION_EXPIRED");
    actor.send({ type: "START_NEW" });
    await until((s) => s.matches("active") && s.context.session?.id !== active.context.session!.id);
  });

  it("follows an abandon from another tab", async () => {
    const { until } = kit.open();
    const active = await until((s) => s.matches("active") && s.context.connection.status === "live");
    kit.backend.scenario.abandonElsewhere(active.context.session!.id, "sess_elsewhere");
    const abandoned = await until((s) => s.matches("abandoned"));
    expect(abandoned.context.session?.replacedBy).toBe("sess_elsewhere");
  });

  it("sends messages typed during a pending reply in order, each once", async () => {
    kit.backend.faults.setProcessingDelay(40);
    kit.backend.scenario.setTurnsUntilFinal(10);
    const { actor, until } = kit.open();
    await until((s) => s.matches("active"));
    for (const text of ["first", "second", "third"]) actor.send({ type: "SEND", text });
    const s = await until((s) => replies(s).length === 3);
    const userContents = kit.backend
      .sessions()
      .find((x) => x.id === s.context.session!.id)!
      .messages!.filter((m) => m.role === "user")
      .map((m) => m.content);
    expect(userContents).toEqual(["first", "second", "third"]);
    expect(s.context.messages.map((m) => m.role)).toEqual(["user", "coach", "user", "coach", "user", "coach"]);
  });

  it("retries a failed send without the server storing it twice", async () => {
    const { actor, until } = kit.open();
    await until((s) => s.matches("active"));
    // Processed by the server, but every answer is lost: the client gives up after its retries.
    kit.backend.faults.failNext({ status: 503, route: "sendMessage", times: 3, afterProcessing: true });
    actor.send({ type: "SEND", text: "lost answer" });
    const failed = await until((s) => s.context.messages[0]?.delivery === "failed");
    const clientMessageId = failed.context.messages[0]!.clientMessageId!;
    actor.send({ type: "RETRY" });
    await until((s) => replies(s).length === 1);
    expect(kit.backend.messagesByClientId(clientMessageId)).toBe(1);
    expect(kit.backend.jobs()).toHaveLength(1);
  });

  it("shows a reply that completed while the page was reloading, once", async () => {
    const storage = createMemoryStorage();
    kit.backend.faults.setProcessingDelay(60);
    const first = kit.open({ storage });
    await first.until((s) => s.matches("active"));
    first.actor.send({ type: "SEND", text: "reply after reload" });
    await first.until((s) => s.context.awaiting !== null);
    first.actor.stop();

    const second = kit.open({ storage, autoResume: true });
    const s = await second.until((s) => s.matches("active") && replies(s).length === 1);
    expect(s.context.messages.filter((m) => m.content === "reply after reload")).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(replies(second.actor.getSnapshot())).toHaveLength(1);
  });
});

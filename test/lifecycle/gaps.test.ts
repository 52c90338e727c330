import { describe, expect, it } from "vitest";
import { selectReplyStatus } from "../../src/machine/selectors.js";
import { useLifecycleKit, replies } from "./support.js";

// The seams that used to lose replies or miss status changes, across the whole stack: client,
// delivery (msw's WebSocket and HTTP) and the machine, against the mock backend.

const kit = useLifecycleKit();

describe("what happens while no event can tell", () => {
  it("picks up a pause made elsewhere while this tab's socket was down", async () => {
    const { until } = kit.open({ reconnectInitialDelayMs: 10, reconnectMaxDelayMs: 20 });
    const active = await until((s) => s.matches("active") && s.context.connection.status === "live");
    // Tab A pauses; tab B's socket misses the event, then drops and comes back.
    kit.backend.faults.dropEvents(true);
    kit.backend.scenario.pauseElsewhere(active.context.session!.id);
    kit.backend.faults.dropEvents(false);
    kit.backend.faults.dropSockets();
    const paused = await until((s) => s.matches("paused"));
    expect(paused.context.session?.status).toBe("PAUSED");
  });

  it("shows a pause made elsewhere in a tab without a socket, within sessionRefreshMs", async () => {
    const { until } = kit.open({ socket: false, sessionRefreshMs: 50 });
    const active = await until((s) => s.matches("active"));
    expect(active.context.connection.status).toBe("polling");
    kit.backend.scenario.pauseElsewhere(active.context.session!.id);
    await until((s) => s.matches("paused"), 2_000);
  });

  it("shows an abandon made elsewhere in a tab without a socket", async () => {
    const { until } = kit.open({ socket: false, sessionRefreshMs: 50 });
    const active = await until((s) => s.matches("active"));
    kit.backend.scenario.abandonElsewhere(active.context.session!.id, "sess_other");
    const abandoned = await until((s) => s.matches("abandoned"), 2_000);
    expect(abandoned.context.session?.replacedBy).toBe("sess_other");
  });

  it("goes to expired at once when the gateway closes the socket with 1008", async () => {
    const { until } = kit.open();
    const active = await until((s) => s.matches("active") && s.context.connection.status === "live");
    kit.backend.scenario.expireSession(active.context.session!.id, { closeSockets: true });
    const expired = await until((s) => s.matches("expired"), 2_000);
    expect(expired.context.error?.code).toBe("SESSION_EXPIRED");
  });
});

describe("a reply slower than its deadline", () => {
  it("is still applied, once, and clears the failure; nothing is stored twice", async () => {
    kit.backend.faults.setProcessingDelay(300);
    const { actor, until } = kit.open({ jobDeadlineMs: 100, socket: false, sessionRefreshMs: 50 });
    await until((s) => s.matches("active"));
    actor.send({ type: "SEND", text: "take your time" });
    const timedOut = await until((s) => s.context.awaiting?.error?.code === "JOB_TIMEOUT");
    expect(selectReplyStatus(timedOut)).toBe("failed");
    // No socket to bring a late event: the next read of the session finds the reply.
    const s = await until((s) => s.matches("active") && replies(s).length === 1, 3_000);
    expect(s.context.messages.map((m) => [m.role, m.delivery])).toEqual([
      ["user", "accepted"],
      ["coach", undefined],
    ]);
    expect(kit.backend.messagesByClientId(s.context.messages[0]!.clientMessageId!)).toBe(1);
  });

  it("RETRY of a timed-out message sends it again under the same id: the server keeps it once", async () => {
    kit.backend.faults.setProcessingDelay(250);
    const { actor, until } = kit.open({ jobDeadlineMs: 150, socket: false, sessionRefreshMs: 60_000 });
    await until((s) => s.matches("active"));
    actor.send({ type: "SEND", text: "are you there?" });
    const timedOut = await until((s) => s.context.awaiting?.error?.code === "JOB_TIMEOUT");
    const clientMessageId = timedOut.context.awaiting!.message.clientMessageId!;
    actor.send({ type: "RETRY", clientMessageId });
    const s = await until((s) => replies(s).length === 1, 3_000);
    expect(s.context.messages.filter((m) => m.role === "user")).toHaveLength(1);
    expect(kit.backend.messagesByClientId(clientMessageId)).toBe(1);
    expect(kit.backend.jobs()).toHaveLength(1);
  });
});

describe("a session left behind", () => {
  it("polls none of the old session's jobs after START_NEW", async () => {
    kit.backend.faults.setProcessingDelay(10_000);
    const { actor, until } = kit.open({ socket: false });
    await until((s) => s.matches("active"));
    actor.send({ type: "SEND", text: "never mind" });
    const waiting = await until((s) => s.context.awaiting !== null);
    const oldJob = waiting.context.awaiting!.jobId;
    actor.send({ type: "START_NEW" });
    await until((s) => s.matches("active") && s.context.session?.id !== waiting.context.session!.id);
    const pollsOfOldJob = () => kit.backend.requests.filter((r) => r.route === "getJob" && r.path.includes(oldJob)).length;
    const before = pollsOfOldJob();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pollsOfOldJob()).toBe(before);
  });
});

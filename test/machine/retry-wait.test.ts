import { afterEach, describe, expect, it, vi } from "vitest";
import { HttpError } from "../../src/errors/http-error.js";
import { selectReplyStatus } from "../../src/machine/selectors.js";
import { createMachineHarness, NOW } from "../support/machine-harness.js";

// A send the server asks to retry later (429/503 with Retry-After): a short wait happens inside
// the client; a longer one is the machine's, shown as `retryingAt` and cut short by the user.

let harness: ReturnType<typeof createMachineHarness>;
afterEach(() => {
  harness?.actor.stop();
  vi.useRealTimers();
});

const busy = (retryAfterMs: number) =>
  new HttpError({ status: 429, serverCode: "RATE_LIMITED", operation: "sendMessage", retryable: true, retryAfterMs });

function sendThatFailsFirst(error: HttpError) {
  let attempts = 0;
  return {
    attempts: () => attempts,
    sendMessage: async (_id: string, input: { clientMessageId: string }) => {
      attempts += 1;
      if (attempts === 1) throw error;
      return { jobId: `job-${input.clientMessageId}`, messageId: `msg-${input.clientMessageId}`, status: "QUEUED" as const };
    },
  };
}

describe("a send the server asks to retry later", () => {
  it("waits visibly (retryingAt), keeps the message queued, and sends again when the wait is over", async () => {
    // vi.waitFor would move fake time itself: settle promises by hand instead.
    const settle = async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const send = sendThatFailsFirst(busy(5_000));
    harness = createMachineHarness({ api: { sendMessage: send.sendMessage } });
    harness.actor.start();
    await settle();
    expect(harness.actor.getSnapshot().matches("active")).toBe(true);
    harness.actor.send({ type: "SEND", text: "hello" });
    await settle();
    const waiting = harness.actor.getSnapshot();
    expect(waiting.context.retryingAt).toBe(NOW + 5_000);
    expect(waiting.context.messages[0]).toMatchObject({ content: "hello", delivery: "queued" });
    expect(waiting.context.error).toMatchObject({ code: "HTTP_ERROR", retryAfterMs: 5_000 });
    expect(selectReplyStatus(waiting)).toBe("sending");
    await vi.advanceTimersByTimeAsync(4_999);
    expect(send.attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(harness.actor.getSnapshot().context.awaiting?.message.content).toBe("hello");
    expect(send.attempts()).toBe(2);
    expect(harness.actor.getSnapshot().context.retryingAt).toBeNull();
  });

  it("RETRY cuts the wait short", async () => {
    const send = sendThatFailsFirst(busy(30_000));
    harness = createMachineHarness({ api: { sendMessage: send.sendMessage } });
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "now please" });
    await harness.until((s) => s.context.retryingAt !== null);
    harness.actor.send({ type: "RETRY" });
    await harness.until((s) => s.context.awaiting !== null);
    expect(send.attempts()).toBe(2);
    expect(harness.actor.getSnapshot().context.retryingAt).toBeNull();
  });

  it("fails the message at once when the wait is longer than the session waits for", async () => {
    const send = sendThatFailsFirst(busy(600_000));
    harness = createMachineHarness({ api: { sendMessage: send.sendMessage }, retry: { maxRetryAfterMs: 60_000 } });
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "later" });
    const failed = await harness.until((s) => s.context.messages[0]?.delivery === "failed");
    expect(failed.context.messages[0]!.error).toMatchObject({ code: "HTTP_ERROR", retryAfterMs: 600_000 });
    expect(failed.context.retryingAt).toBeNull();
    expect(selectReplyStatus(failed)).toBe("failed");
  });

  it("waits no longer than the client's own retry.maxRetryAfterMs", async () => {
    const send = sendThatFailsFirst(busy(30_000));
    harness = createMachineHarness({ api: { sendMessage: send.sendMessage }, retry: { maxRetryAfterMs: 10_000 } });
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "not that long" });
    const failed = await harness.until((s) => s.context.messages[0]?.delivery === "failed");
    expect(failed.context.retryingAt).toBeNull();
    expect(send.attempts()).toBe(1);
  });

  it("leaving the chat (PAUSE) ends the wait without sending", async () => {
    const send = sendThatFailsFirst(busy(30_000));
    harness = createMachineHarness({ api: { sendMessage: send.sendMessage } });
    harness.actor.start();
    await harness.inState("active");
    harness.actor.send({ type: "SEND", text: "wait" });
    await harness.until((s) => s.context.retryingAt !== null);
    harness.actor.send({ type: "PAUSE" });
    const paused = await harness.inState("paused");
    expect(paused.context.retryingAt).toBeNull();
    expect(paused.context.messages[0]).toMatchObject({ delivery: "queued" });
    expect(send.attempts()).toBe(1);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MockCoachingBackend } from "../../src/testing/index.js";
import { call, newBackend, sendMessage, startSession } from "./support.js";

let backend: MockCoachingBackend;
beforeEach(() => {
  vi.useFakeTimers();
  backend = newBackend();
});
afterEach(() => {
  backend.close();
  vi.useRealTimers();
});

describe("Idempotency-Key", () => {
  it("replays the original 202 for the same key and body, creating one job and one message", async () => {
    const { id } = await startSession(backend);
    const first = await sendMessage(backend, id, "hello", "c-1", "key-1");
    const again = await sendMessage(backend, id, "hello", "c-1", "key-1");
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers["x-request-id"]).not.toBe(first.headers["x-request-id"]);
    expect(backend.jobs()).toHaveLength(1);
    expect(backend.messagesByClientId("c-1")).toBe(1);
  });

  it("replays a session start too: same session id, one session", async () => {
    const a = await call(backend, "POST", "/coaching/sessions", { body: {}, key: "start-1" });
    const b = await call(backend, "POST", "/coaching/sessions", { body: {}, key: "start-1" });
    expect((b.body as any).session.id).toBe((a.body as any).session.id);
    expect(backend.sessions()).toHaveLength(1);
  });

  it("refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED", async () => {
    const { id } = await startSession(backend);
    await sendMessage(backend, id, "hello", "c-1", "key-1");
    const reused = await sendMessage(backend, id, "something else", "c-2", "key-1");
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ error: { code: "IDEMPOTENCY_KEY_REUSED" } });
    expect(backend.messagesByClientId("c-2")).toBe(0);
  });

  it("answers a concurrent duplicate with 409 IDEMPOTENCY_IN_PROGRESS, then replays once done", async () => {
    const { id } = await startSession(backend);
    backend.faults.delayNext(100, { route: "sendMessage" });
    const slow = sendMessage(backend, id, "hello", "c-1", "key-1");
    const duplicate = await sendMessage(backend, id, "hello", "c-1", "key-1");
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: "IDEMPOTENCY_IN_PROGRESS", retryable: true } });
    await vi.advanceTimersByTimeAsync(100);
    const original = await slow;
    expect(original.status).toBe(202);
    expect((await sendMessage(backend, id, "hello", "c-1", "key-1")).body).toEqual(original.body);
    expect(backend.messagesByClientId("c-1")).toBe(1);
  });

  it("keeps a message processed once when its response was lost and the client retries", async () => {
    const { id } = await startSession(backend);
    backend.faults.failNext({ status: 503, route: "sendMessage", afterProcessing: true });
    const lost = await sendMessage(backend, id, "hello", "c-1");
    expect(lost.status).toBe(503);
    expect(backend.messagesByClientId("c-1")).toBe(1);
    const retry = await sendMessage(backend, id, "hello", "c-1");
    expect(retry.status).toBe(202);
    expect(backend.messagesByClientId("c-1")).toBe(1);
    expect(backend.jobs()).toHaveLength(1);
  });

  it("stores each clientMessageId once even under a fresh key", async () => {
    const { id } = await startSession(backend);
    const a = await sendMessage(backend, id, "hello", "c-1", "key-a");
    const b = await sendMessage(backend, id, "hello", "c-1", "key-b");
    expect(b.body).toEqual(a.body);
    expect(backend.messagesByClientId("c-1")).toBe(1);
  });

  it("does not record failures: the same key works once the cause is gone", async () => {
    const { id } = await startSession(backend);
    await call(backend, "POST", `/coaching/sessions/${id}/pause`);
    expect((await sendMessage(backend, id, "hello", "c-1", "key-1")).status).toBe(409);
    await call(backend, "POST", `/coaching/sessions/${id}/resume`);
    expect((await sendMessage(backend, id, "hello", "c-1", "key-1")).status).toBe(202);
  });

  it("logs method, route and key of every call", async () => {
    const { id } = await startSession(backend);
    await sendMessage(backend, id, "hello", "c-1", "key-1");
    expect(backend.requests.map(({ method, route, idempotencyKey, status }) => ({ method, route, idempotencyKey, status }))).toEqual([
      { method: "POST", route: "startSession", idempotencyKey: null, status: 201 },
      { method: "POST", route: "sendMessage", idempotencyKey: "key-1", status: 202 },
    ]);
  });
});

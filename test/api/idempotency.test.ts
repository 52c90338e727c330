import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { HttpError } from "../../src/errors/index.js";
import { BASE, errorBody, session } from "./support/fixtures.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";
import { useFakeClock } from "./support/timers.js";

const server = useMockServer();
// Backoff waits (and the slow refreshes below) on fake time.
useFakeClock();

interface Attempt {
  key: string | null;
  body: string;
}

/** Fails the first `failures.length` requests of a route with those answers, recording every attempt. */
function failThenSucceed(method: "post", path: string, failures: (() => Response)[], success: () => Response) {
  const attempts: Attempt[] = [];
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      attempts.push({ key: request.headers.get("idempotency-key"), body: await request.text() });
      return failures[attempts.length - 1]?.() ?? success();
    }),
  );
  return attempts;
}

const unavailable = () => HttpResponse.json(errorBody("UNAVAILABLE"), { status: 503 });
const inProgress = () => HttpResponse.json(errorBody("IDEMPOTENCY_IN_PROGRESS"), { status: 409 });
const dropped = () => HttpResponse.error();
const queued = () => HttpResponse.json({ jobId: "j1", messageId: "m1", status: "QUEUED" }, { status: 202 });

describe("the same Idempotency-Key on every retry", () => {
  it("sendMessage: the clientMessageId, on all three attempts, with an identical body", async () => {
    const attempts = failThenSucceed("post", "/coaching/sessions/s1/messages", [unavailable, dropped], queued);
    await makeClient().api.sendMessage("s1", { content: "hello", clientMessageId: "c-42" });
    expect(attempts.map((a) => a.key)).toEqual(["c-42", "c-42", "c-42"]);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
  });

  it("an empty caller key falls back to the default instead of sending no key", async () => {
    const attempts = failThenSucceed("post", "/coaching/sessions/s1/messages", [unavailable], queued);
    await makeClient().api.sendMessage("s1", { content: "hello", clientMessageId: "c-42" }, { idempotencyKey: "" });
    expect(attempts.map((a) => a.key)).toEqual(["c-42", "c-42"]);
    const started = failThenSucceed("post", "/coaching/sessions", [], () =>
      HttpResponse.json({ session: session(), abandonedSessionId: null }, { status: 201 }),
    );
    await makeClient().api.startSession({ idempotencyKey: "" });
    expect(started[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sendMessage: a caller-supplied key, through 409 IDEMPOTENCY_IN_PROGRESS", async () => {
    const attempts = failThenSucceed("post", "/coaching/sessions/s1/messages", [inProgress, inProgress], queued);
    await makeClient().api.sendMessage("s1", { content: "hello", clientMessageId: "c-42" }, { idempotencyKey: "k-7" });
    expect(attempts.map((a) => a.key)).toEqual(["k-7", "k-7", "k-7"]);
  });

  it("startSession: one generated UUID across all attempts, a new one for the next call", async () => {
    const started = () => HttpResponse.json({ session: session(), abandonedSessionId: null }, { status: 201 });
    const attempts = failThenSucceed("post", "/coaching/sessions", [dropped, unavailable], started);
    const { api } = makeClient();
    await api.startSession({ replaceSessionId: "s0" });
    expect(attempts).toHaveLength(3);
    const [first] = attempts.map((a) => a.key);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempts.map((a) => a.key)).toEqual([first, first, first]);
    expect(new Set(attempts.map((a) => a.body))).toEqual(new Set(['{"replaceSessionId":"s0"}']));
    await api.startSession();
    expect(attempts[3]!.key).not.toBe(first);
  });

  it.each(["resume", "pause", "cancel"] as const)("%sSession: one generated key across its retries, a new one per call", async (action) => {
    const answered = () => HttpResponse.json({ session: session() });
    const attempts = failThenSucceed("post", `/coaching/sessions/s1/${action}`, [unavailable, dropped], answered);
    const { api } = makeClient();
    await api[`${action}Session`]("s1");
    const [first] = attempts.map((a) => a.key);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempts.map((a) => a.key)).toEqual([first, first, first]);
    await api[`${action}Session`]("s1");
    expect(attempts[3]!.key).not.toBe(first);
  });

  it("cancelJob: one generated key across its retries, a new one per call", async () => {
    const answered = () => HttpResponse.json({ jobId: "j1", sessionId: "s1", status: "COMPLETED", result: { reply: { id: "m2", role: "coach", content: "so far", createdAt: "2025-01-01T00:00:00.000Z" }, isFinal: false, sessionStatus: "ACTIVE", stopped: true } });
    const attempts = failThenSucceed("post", "/coaching/jobs/j1/cancel", [unavailable, inProgress], answered);
    const { api } = makeClient();
    await api.cancelJob("j1");
    const [first] = attempts.map((a) => a.key);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempts.map((a) => a.key)).toEqual([first, first, first]);
    await api.cancelJob("j1");
    expect(attempts[3]!.key).not.toBe(first);
  });

  it("getSession sends no Idempotency-Key", async () => {
    let key: string | null = "unset";
    server.use(http.get(`${BASE}/coaching/sessions/s1`, ({ request }) => ((key = request.headers.get("idempotency-key")), HttpResponse.json({ session: session() }))));
    await makeClient().api.getSession("s1");
    expect(key).toBeNull();
  });

  it("startSession: a caller-supplied key is reused on retries", async () => {
    const started = () => HttpResponse.json({ session: session(), abandonedSessionId: null }, { status: 201 });
    const attempts = failThenSucceed("post", "/coaching/sessions", [unavailable], started);
    await makeClient().api.startSession({ idempotencyKey: "start-1" });
    expect(attempts.map((a) => a.key)).toEqual(["start-1", "start-1"]);
  });
});

/**
 * The contract's server side of idempotency: a key seen before with the same body replays the
 * original result; with another body it is 422. `failAfterCommit` answers 503 after storing the
 * job, as when a gateway loses the response of a request the backend did process.
 */
function idempotentServer({ failAfterCommit = 0 } = {}) {
  const jobs: { jobId: string; sessionId: string; content: string }[] = [];
  const byKey = new Map<string, { body: string; response: { jobId: string; messageId: string; status: "QUEUED" } }>();
  let failuresLeft = failAfterCommit;
  server.use(
    http.post(`${BASE}/coaching/sessions/:id/messages`, async ({ request, params }) => {
      const key = request.headers.get("idempotency-key");
      const body = await request.text();
      if (!key) return HttpResponse.json(errorBody("IDEMPOTENCY_KEY_REQUIRED"), { status: 400 });
      const seen = byKey.get(key);
      if (seen && seen.body !== body) return HttpResponse.json(errorBody("IDEMPOTENCY_KEY_REUSED"), { status: 422 });
      if (!seen) {
        const jobId = `job-${jobs.length + 1}`;
        jobs.push({ jobId, sessionId: String(params.id), content: JSON.parse(body).content });
        byKey.set(key, { body, response: { jobId, messageId: `msg-${jobs.length}`, status: "QUEUED" } });
      }
      if (failuresLeft > 0) {
        failuresLeft--;
        return HttpResponse.json(errorBody("UNAVAILABLE"), { status: 503 });
      }
      return HttpResponse.json(byKey.get(key)!.response, { status: 202 });
    }),
  );
  return jobs;
}

describe("server-side replay", () => {
  it("a send retried after a 503 creates exactly one job", async () => {
    const jobs = idempotentServer({ failAfterCommit: 1 });
    const result = await makeClient().api.sendMessage("s1", { content: "hello", clientMessageId: "c-1" });
    expect(jobs).toEqual([{ jobId: "job-1", sessionId: "s1", content: "hello" }]);
    expect(result).toEqual({ jobId: "job-1", messageId: "msg-1", status: "QUEUED" });
  });

  it("two 503s in a row: still one job", async () => {
    const jobs = idempotentServer({ failAfterCommit: 2 });
    await makeClient().api.sendMessage("s1", { content: "hello", clientMessageId: "c-1" });
    expect(jobs).toHaveLength(1);
  });

  it("sending the same message again (a reload) replays the same job", async () => {
    const jobs = idempotentServer();
    const { api } = makeClient();
    const first = await api.sendMessage("s1", { content: "hello", clientMessageId: "c-1" });
    const again = await makeClient().api.sendMessage("s1", { content: "hello", clientMessageId: "c-1" });
    expect(again).toEqual(first);
    expect(jobs).toHaveLength(1);
  });

  it("distinct messages create distinct jobs", async () => {
    const jobs = idempotentServer();
    const { api } = makeClient();
    await api.sendMessage("s1", { content: "one", clientMessageId: "c-1" });
    await api.sendMessage("s1", { content: "two", clientMessageId: "c-2" });
    expect(jobs.map((j) => j.content)).toEqual(["one", "two"]);
  });

  it("a reused key with another body is a 422 HttpError, not retried", async () => {
    idempotentServer();
    const { api } = makeClient();
    await api.sendMessage("s1", { content: "one", clientMessageId: "c-1" });
    const error = await rejectionOf(api.sendMessage("s1", { content: "changed", clientMessageId: "c-1" }));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 422, serverCode: "IDEMPOTENCY_KEY_REUSED", retryable: false });
  });
});

import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AuthError, ConflictError, ExpiredError, HttpError, NetworkError, ValidationError } from "../../src/errors/index.js";
import { BASE, conflict, errorBody, session } from "./support/fixtures.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";
import { useFakeClock } from "./support/timers.js";

const server = useMockServer();
const clock = useFakeClock();

type Failure = () => Response;

const status = (code: number, serverCode = `E${code}`, headers: Record<string, string> = {}): Failure => () =>
  HttpResponse.json(errorBody(serverCode), { status: code, headers });

/** GET /sessions/s1 fails with `failures` in order (the last one repeating), then succeeds after `failFor` requests. */
function flaky(failure: Failure, failFor = Number.POSITIVE_INFINITY) {
  let requests = 0;
  server.use(
    http.get(`${BASE}/coaching/sessions/s1`, () => (++requests <= failFor ? failure() : HttpResponse.json({ session: session() }))),
  );
  return () => requests;
}

const retried: [string, Failure][] = [
  ["408", status(408)],
  ["409 IDEMPOTENCY_IN_PROGRESS", status(409, "IDEMPOTENCY_IN_PROGRESS")],
  ["429", status(429)],
  ["500", status(500)],
  ["502", status(502)],
  ["503", status(503)],
  ["504", status(504)],
  ["HTML 502", () => new HttpResponse("<html>Bad Gateway</html>", { status: 502, headers: { "content-type": "text/html" } })],
  ["network error", () => HttpResponse.error()],
];

describe("retried failures", () => {
  it.each(retried)("%s: 2 retries by default (3 attempts), then the error", async (_name, failure) => {
    const requests = flaky(failure);
    const error = await rejectionOf(makeClient().api.getSession("s1"));
    expect(requests()).toBe(3);
    expect(error).toBeInstanceOf(_name === "network error" ? NetworkError : HttpError);
    expect(error).toMatchObject({ retryable: true });
  });

  it.each(retried)("%s: recovers when a retry succeeds", async (_name, failure) => {
    const requests = flaky(failure, 2);
    await expect(makeClient().api.getSession("s1")).resolves.toMatchObject({ session: { id: "s1" } });
    expect(requests()).toBe(3);
  });
});

const notRetried: [string, Failure, new (...args: never[]) => Error][] = [
  ["400", status(400), HttpError],
  ["401 twice", status(401), AuthError],
  ["403", status(403), AuthError],
  ["404", status(404), ExpiredError],
  ["410", status(410), ExpiredError],
  ["413", status(413, "MESSAGE_TOO_LARGE"), HttpError],
  ["422", status(422, "IDEMPOTENCY_KEY_REUSED"), HttpError],
  ["409 INVALID_TRANSITION", status(409, "INVALID_TRANSITION"), HttpError],
  ["409 SESSION_NOT_ACTIVE", status(409, "SESSION_NOT_ACTIVE"), HttpError],
  ["409 TENANT_CONFLICT", () => HttpResponse.json(errorBody("TENANT_CONFLICT", "m", { conflict: conflict() }), { status: 409 }), ConflictError],
  ["501", status(501), HttpError],
  ["a 200 that fails validation", () => HttpResponse.json({ session: null }), ValidationError],
];

describe("failures never retried", () => {
  it.each(notRetried)("%s: one request", async (name, failure, type) => {
    const requests = flaky(failure);
    const error = await rejectionOf(makeClient({ retry: 5 }).api.getSession("s1"));
    expect(error).toBeInstanceOf(type);
    expect(requests()).toBe(name === "401 twice" ? 2 : 1);
  });
});

describe("retry count", () => {
  it.each([
    ["retry: 0", { retry: 0 }, 1],
    ["retry: 4", { retry: 4 }, 5],
    ["retry: { limit: 1 }", { retry: { limit: 1 } }, 2],
    ["retry: {} keeps the default", { retry: {} }, 3],
  ])("%s", async (_name, options, attempts) => {
    const requests = flaky(status(503));
    await rejectionOf(makeClient(options).api.getSession("s1"));
    expect(requests()).toBe(attempts);
  });

  it.each([
    [0, 1],
    [3, 4],
  ])("per-call retry %i overrides the client's", async (perCall, attempts) => {
    const requests = flaky(status(503));
    await rejectionOf(makeClient({ retry: 1 }).api.getSession("s1", { retry: perCall }));
    expect(requests()).toBe(attempts);
  });

  it("per-call retry applies to startSession and sendMessage too", async () => {
    let requests = 0;
    server.use(
      http.post(`${BASE}/coaching/sessions`, () => (requests++, HttpResponse.json(errorBody("X"), { status: 500 }))),
      http.post(`${BASE}/coaching/sessions/s1/messages`, () => (requests++, HttpResponse.json(errorBody("X"), { status: 500 }))),
    );
    const { api } = makeClient();
    await rejectionOf(api.startSession({ retry: 0 }));
    await rejectionOf(api.sendMessage("s1", { content: "x", clientMessageId: "c" }, { retry: 0 }));
    expect(requests).toBe(2);
  });
});

describe("waits between attempts (fake timers)", () => {
  it("honours Retry-After seconds", async () => {
    flaky(status(503, "UNAVAILABLE", { "retry-after": "2" }));
    const { api } = makeClient();
    await rejectionOf(api.getSession("s1"));
    expect(clock.delays).toEqual([2000, 2000]);
  });

  it("ignores retry-after-ms, which is not in the contract: backoff as without a hint", async () => {
    flaky(status(429, "RATE_LIMITED", { "retry-after-ms": "1500" }));
    const { api } = makeClient();
    await rejectionOf(api.getSession("s1"));
    expect(clock.delays).toEqual([225, 450]);
  });

  it("honours a Retry-After HTTP date", async () => {
    const { api } = makeClient({ retry: 1 });
    flaky(status(503, "UNAVAILABLE", { "retry-after": new Date(clock.timers.now() + 4000).toUTCString() }));
    await rejectionOf(api.getSession("s1"));
    expect(clock.delays).toEqual([4000]);
  });

  it("a Retry-After above maxDelayMs is still honoured", async () => {
    flaky(status(503, "UNAVAILABLE", { "retry-after": "20" }), 1);
    const { api } = makeClient();
    await api.getSession("s1");
    expect(clock.delays).toEqual([20_000]);
  });

  it("a Retry-After above maxRetryAfterMs (60 s by default) is not waited for: the call fails at once with the hint", async () => {
    const requests = flaky(status(503, "UNAVAILABLE", { "retry-after": "3600" }), 1);
    const error = await rejectionOf(makeClient().api.getSession("s1"));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, retryable: true, retryAfterMs: 3_600_000 });
    expect(requests()).toBe(1);
    expect(clock.delays).toEqual([]);
  });

  it("a Retry-After up to maxRetryAfterMs is waited for, one above it is not (configured)", async () => {
    const requests = flaky(status(429, "RATE_LIMITED", { "retry-after": "5" }), 1);
    await makeClient({ retry: { maxRetryAfterMs: 5000 } }).api.getSession("s1");
    expect(clock.delays).toEqual([5000]);
    flaky(status(429, "RATE_LIMITED", { "retry-after": "90" }), 1);
    const error = await rejectionOf(makeClient({ retry: { maxRetryAfterMs: 5000 } }).api.getSession("s1"));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 90_000 });
    expect(requests()).toBe(2);
  });

  it("the per-call maxRetryAfterMs wins over the client's", async () => {
    flaky(status(503, "UNAVAILABLE", { "retry-after": "3" }), 1);
    const error = await rejectionOf(makeClient().api.getSession("s1", { maxRetryAfterMs: 2_000 }));
    expect(error).toMatchObject({ name: "HttpError", retryAfterMs: 3_000 });
    expect(clock.delays).toEqual([]);
    flaky(status(503, "UNAVAILABLE", { "retry-after": "3" }), 1);
    await makeClient({ retry: { maxRetryAfterMs: 1_000 } }).api.getSession("s1", { maxRetryAfterMs: 3_000 });
    expect(clock.delays).toEqual([3_000]);
  });

  it("a fail-fast hint applies to 409 IDEMPOTENCY_IN_PROGRESS and POSTs too, with the same key", async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/coaching/sessions/s1/messages`, ({ request }) => {
        keys.push(request.headers.get("idempotency-key"));
        return HttpResponse.json(errorBody("IDEMPOTENCY_IN_PROGRESS"), { status: 409, headers: { "retry-after": keys.length === 1 ? "1" : "120" } });
      }),
    );
    const error = await rejectionOf(makeClient().api.sendMessage("s1", { content: "x", clientMessageId: "c-9" }));
    expect(error).toMatchObject({ status: 409, serverCode: "IDEMPOTENCY_IN_PROGRESS", retryAfterMs: 120_000 });
    expect(keys).toEqual(["c-9", "c-9"]);
    expect(clock.delays).toEqual([1_000]);
  });

  it("an unreadable Retry-After falls back to backoff", async () => {
    flaky(status(503, "UNAVAILABLE", { "retry-after": "soon" }), 1);
    const { api } = makeClient({ random: () => 0 });
    await api.getSession("s1");
    expect(clock.delays).toEqual([150]);
  });

  it("grows exponentially: equal jitter at its lower bound (random 0)", async () => {
    flaky(status(503));
    const { api } = makeClient({ retry: 4, random: () => 0 });
    await rejectionOf(api.getSession("s1"));
    expect(clock.delays).toEqual([150, 300, 600, 1200]);
  });

  it("grows exponentially: upper bound (random → 1)", async () => {
    flaky(status(503));
    const { api } = makeClient({ retry: 4, random: () => 0.999999 });
    await rejectionOf(api.getSession("s1"));
    expect(clock.delays).toEqual([300, 600, 1200, 2400]);
  });

  it("respects initialDelayMs and maxDelayMs", async () => {
    flaky(() => HttpResponse.error());
    const { api } = makeClient({ retry: { limit: 5, initialDelayMs: 100, maxDelayMs: 500 }, random: () => 0.999999 });
    await rejectionOf(api.getSession("s1"));
    expect(clock.delays).toEqual([100, 200, 400, 500, 500]);
  });

  it("jitter stays within [half, full] of the exponential delay for any random value", async () => {
    // A fixed LCG: deterministic, but spread over [0, 1).
    let seed = 42;
    const random = () => ((seed = (seed * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32);
    flaky(status(500));
    const { api } = makeClient({ retry: { limit: 8, initialDelayMs: 200, maxDelayMs: 20_000 }, random });
    await rejectionOf(api.getSession("s1"));
    expect(clock.delays).toHaveLength(8);
    clock.delays.forEach((delay, attempt) => {
      const full = Math.min(20_000, 200 * 2 ** attempt);
      expect(delay).toBeGreaterThanOrEqual(full / 2);
      expect(delay).toBeLessThanOrEqual(full);
    });
    expect(new Set(clock.delays.map((d, i) => d / Math.min(20_000, 200 * 2 ** i))).size).toBeGreaterThan(4);
  });

  it("no wait happens when the first attempt succeeds or the error is final", async () => {
    flaky(status(400));
    const { api } = makeClient();
    await rejectionOf(api.getSession("s1"));
    expect(clock.delays).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { serializeResponseBody, type MockCoachingBackend } from "../../src/testing/index.js";
import { call, newBackend, startSession } from "./support.js";

let backend: MockCoachingBackend;
beforeEach(() => {
  vi.useFakeTimers();
  backend = newBackend();
});
afterEach(() => {
  backend.close();
  vi.useRealTimers();
});

const current = () => call(backend, "GET", "/coaching/sessions/current");

describe("HTTP faults", () => {
  it("fails the next N calls of one route only, with a contract error body and headers", async () => {
    backend.faults.failNext({ status: 429, route: "getCurrentSession", times: 2, headers: { "Retry-After": "3" } });
    expect((await call(backend, "POST", "/coaching/sessions", { body: {} })).status).toBe(201);
    const first = await current();
    expect(first).toMatchObject({ status: 429, headers: { "retry-after": "3" }, body: { error: { code: "RATE_LIMITED" } } });
    expect((await current()).status).toBe(429);
    expect((await current()).status).toBe(200);
  });

  it("sends a non-JSON HTML body verbatim", async () => {
    backend.faults.failNext({ status: 502, body: "<html><body>Bad gateway</body></html>" });
    const res = await current();
    expect(res.status).toBe(502);
    expect(res.headers["content-type"]).toBe("text/html");
    expect(serializeResponseBody(res)).toBe("<html><body>Bad gateway</body></html>");
  });

  it("malforms a body after processing: truncated JSON or the wrong shape", async () => {
    backend.faults.malformedNext({ route: "startSession" });
    const broken = await call(backend, "POST", "/coaching/sessions", { body: {} });
    expect(broken.status).toBe(201);
    expect(() => JSON.parse(serializeResponseBody(broken)!)).toThrow();
    expect(backend.sessions()).toHaveLength(1);

    backend.faults.malformedNext({ kind: "wrong-shape" });
    expect(JSON.parse(serializeResponseBody(await current())!)).toEqual({ unexpected: true });
  });

  it("simulates network errors before or after processing", async () => {
    backend.faults.networkErrorNext();
    expect((await call(backend, "POST", "/coaching/sessions", { body: {} })).networkError).toBe(true);
    expect(backend.sessions()).toHaveLength(0);
    backend.faults.networkErrorNext({ afterProcessing: true });
    expect((await call(backend, "POST", "/coaching/sessions", { body: {} })).networkError).toBe(true);
    expect(backend.sessions()).toHaveLength(1);
    expect(backend.requests.at(-1)?.status).toBe(0);
  });

  it("delays a call on the injected timers", async () => {
    backend.faults.delayNext(1000);
    let settled = false;
    const pending = current().then((res) => {
      settled = true;
      return res;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  it("answers 503 to a delayed call when the backend closes underneath it", async () => {
    backend.faults.delayNext(1000);
    const pending = current();
    backend.close();
    expect((await pending).status).toBe(503);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clear() removes pending faults", async () => {
    backend.faults.failNext({ status: 500, times: 5 });
    backend.faults.clear();
    expect((await current()).status).toBe(200);
  });
});

describe("auth", () => {
  it("accepts any non-empty token and no header at all by default; refuses a malformed header", async () => {
    expect((await call(backend, "GET", "/coaching/sessions/current", { token: null })).status).toBe(200);
    const res = await backend.handle({ method: "GET", path: "/coaching/sessions/current", headers: { Authorization: "Bearer " } });
    expect(res).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED" } } });
  });

  it("requires a header with requireAuth and asks isTokenValid", async () => {
    backend.close();
    backend = newBackend({ requireAuth: true, isTokenValid: (token) => token === "good" });
    expect((await call(backend, "GET", "/coaching/sessions/current", { token: null })).status).toBe(401);
    expect((await call(backend, "GET", "/coaching/sessions/current", { token: "bad" })).status).toBe(401);
    expect((await call(backend, "GET", "/coaching/sessions/current", { token: "good" })).status).toBe(200);
  });

  it("expireTokens fails the next check once, so a refreshed retry succeeds, without using up faults", async () => {
    backend.scenario.expireTokens();
    backend.faults.failNext({ status: 500 });
    expect((await current()).status).toBe(401);
    expect((await current()).status).toBe(500);
    expect((await current()).status).toBe(200);
  });
});

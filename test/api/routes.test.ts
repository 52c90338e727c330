import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { BASE, TOKEN, conflict, job, jobResult, session } from "./support/fixtures.js";
import { makeClient } from "./support/client.js";
import { useMockServer } from "./support/server.js";
import { useFakeClock } from "./support/timers.js";

const server = useMockServer();

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** Answers one route and records what the SDK sent. */
function answer(method: "get" | "post", path: string, respond: () => Response) {
  const seen: Seen[] = [];
  server.use(
    http[method](`${BASE}${path}`, async ({ request }) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: await request.text() });
      return respond();
    }),
  );
  return seen;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("every route's success path", () => {
  it("getCurrentSession: GET current, bearer token, parsed session and conflict", async () => {
    const payload = { session: session(), conflict: conflict(), extra: 1 };
    const seen = answer("get", "/coaching/sessions/current", () => HttpResponse.json(payload));
    const result = await makeClient().api.getCurrentSession();
    expect(result).toEqual({ session: payload.session, conflict: payload.conflict });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe("GET");
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!.headers.get("accept")).toBe("application/json");
    expect(seen[0]!.headers.get("idempotency-key")).toBeNull();
    expect(seen[0]!.body).toBe("");
  });

  it("getCurrentSession: no session, no conflict", async () => {
    answer("get", "/coaching/sessions/current", () => HttpResponse.json({ session: null, conflict: null }));
    await expect(makeClient().api.getCurrentSession()).resolves.toEqual({ session: null, conflict: null });
  });

  it("startSession: POST with an empty JSON body and a fresh UUID idempotency key per call", async () => {
    const payload = { session: session({ id: "s2" }), abandonedSessionId: null };
    const seen = answer("post", "/coaching/sessions", () => HttpResponse.json(payload, { status: 201 }));
    const { api } = makeClient();
    await expect(api.startSession()).resolves.toEqual(payload);
    await api.startSession();
    expect(seen[0]!.method).toBe("POST");
    expect(JSON.parse(seen[0]!.body)).toEqual({});
    expect(seen[0]!.headers.get("content-type")).toBe("application/json");
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    const keys = seen.map((s) => s.headers.get("idempotency-key"));
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toMatch(UUID);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("startSession: sends replaceSessionId and the caller's idempotency key", async () => {
    const payload = { session: session({ id: "s2" }), abandonedSessionId: "s1" };
    const seen = answer("post", "/coaching/sessions", () => HttpResponse.json(payload, { status: 201 }));
    await expect(makeClient().api.startSession({ replaceSessionId: "s1", idempotencyKey: "key-1" })).resolves.toEqual(payload);
    expect(JSON.parse(seen[0]!.body)).toEqual({ replaceSessionId: "s1" });
    expect(seen[0]!.headers.get("idempotency-key")).toBe("key-1");
  });

  it("getSession: GET by id", async () => {
    const payload = { session: session({ status: "COMPLETED", result: { summary: "done", extracted: { goal: "run" } } }) };
    const seen = answer("get", "/coaching/sessions/s1", () => HttpResponse.json(payload));
    await expect(makeClient().api.getSession("s1")).resolves.toEqual(payload);
    expect(seen[0]!.method).toBe("GET");
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    ["resumeSession", "resume", "ACTIVE"],
    ["pauseSession", "pause", "PAUSED"],
    ["cancelSession", "cancel", "CANCELLED"],
  ] as const)("%s: POST /sessions/{id}/%s without a body, with a generated idempotency key", async (method, action, status) => {
    const payload = { session: session({ status }) };
    const seen = answer("post", `/coaching/sessions/s1/${action}`, () => HttpResponse.json(payload));
    await expect(makeClient().api[method]("s1")).resolves.toEqual(payload);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe("POST");
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sendMessage: POST content and clientMessageId, idempotency key defaults to the clientMessageId", async () => {
    const payload = { jobId: "j1", messageId: "m1", status: "QUEUED" };
    const seen = answer("post", "/coaching/sessions/s1/messages", () => HttpResponse.json(payload, { status: 202 }));
    await expect(makeClient().api.sendMessage("s1", { content: "hello", clientMessageId: "c-1" })).resolves.toEqual(payload);
    expect(seen[0]!.method).toBe("POST");
    expect(JSON.parse(seen[0]!.body)).toEqual({ content: "hello", clientMessageId: "c-1" });
    expect(seen[0]!.headers.get("content-type")).toBe("application/json");
    expect(seen[0]!.headers.get("idempotency-key")).toBe("c-1");
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("sendMessage: a caller-supplied idempotency key wins; extra input fields are not sent", async () => {
    const seen = answer("post", "/coaching/sessions/s1/messages", () =>
      HttpResponse.json({ jobId: "j1", messageId: "m1", status: "QUEUED" }, { status: 202 }),
    );
    const input = { content: "hi", clientMessageId: "c-1", secret: "x" } as { content: string; clientMessageId: string };
    await makeClient().api.sendMessage("s1", input, { idempotencyKey: "custom-key" });
    expect(seen[0]!.headers.get("idempotency-key")).toBe("custom-key");
    expect(JSON.parse(seen[0]!.body)).toEqual({ content: "hi", clientMessageId: "c-1" });
  });

  it("getJob: GET the job, parsed, retryAfterMs null without a hint", async () => {
    const payload = job({ status: "COMPLETED", result: jobResult() });
    const seen = answer("get", "/coaching/jobs/j1", () => HttpResponse.json(payload));
    await expect(makeClient().api.getJob("j1")).resolves.toEqual({ job: payload, retryAfterMs: null });
    expect(seen[0]!.method).toBe("GET");
  });

  it("cancelJob: POST the job's cancel route with a fresh UUID key and no body, the job parsed", async () => {
    const stopped = job({ status: "COMPLETED", result: jobResult({ stopped: true }) });
    const seen = answer("post", "/coaching/jobs/j1/cancel", () => HttpResponse.json(stopped));
    const { api } = makeClient();
    await expect(api.cancelJob("j1")).resolves.toEqual({ job: stopped });
    await api.cancelJob("j1");
    expect(seen[0]!.method).toBe("POST");
    expect(seen[0]!.body).toBe("");
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    const keys = seen.map((s) => s.headers.get("idempotency-key"));
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toMatch(UUID);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it("cancelJob: a queued job comes back FAILED with code CANCELLED", async () => {
    const cancelled = job({ status: "FAILED", error: { code: "CANCELLED", message: "stopped before any text", retryable: false } });
    answer("post", "/coaching/jobs/j1/cancel", () => HttpResponse.json(cancelled));
    await expect(makeClient().api.cancelJob("j1")).resolves.toEqual({ job: cancelled });
  });

  it("works without a token: no Authorization header", async () => {
    const seen = answer("get", "/coaching/sessions/current", () => HttpResponse.json({ session: null, conflict: null }));
    await makeClient({ getToken: () => null }).api.getCurrentSession();
    expect(seen[0]!.headers.has("authorization")).toBe(false);
  });

  it("accepts an async getToken, and sends custom headers on every request", async () => {
    const seen = answer("get", "/coaching/sessions/current", () => HttpResponse.json({ session: null, conflict: null }));
    await makeClient({ getToken: async () => "async-token", headers: { "x-tenant": "acme" } }).api.getCurrentSession();
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer async-token");
    expect(seen[0]!.headers.get("x-tenant")).toBe("acme");
  });

  it("exposes X-Request-Id-free success results unchanged (no extra keys)", async () => {
    answer("get", "/coaching/sessions/s1", () => HttpResponse.json({ session: session() }, { headers: { "x-request-id": "r1" } }));
    expect(Object.keys(await makeClient().api.getSession("s1"))).toEqual(["session"]);
  });
});

describe("getJob retryAfterMs", () => {
  const respond = (headers: Record<string, string>) =>
    answer("get", "/coaching/jobs/j1", () => HttpResponse.json(job({ status: "PROCESSING" }), { headers }));

  it("reads Retry-After seconds", async () => {
    respond({ "retry-after": "2" });
    expect((await makeClient().api.getJob("j1")).retryAfterMs).toBe(2000);
  });

  it("reads fractional Retry-After seconds", async () => {
    respond({ "retry-after": "0.5" });
    expect((await makeClient().api.getJob("j1")).retryAfterMs).toBe(500);
  });

  it("ignores retry-after-ms, which is not in the contract", async () => {
    respond({ "retry-after-ms": "750", "retry-after": "9" });
    expect((await makeClient().api.getJob("j1")).retryAfterMs).toBe(9000);
    respond({ "retry-after-ms": "750" });
    expect((await makeClient().api.getJob("j1")).retryAfterMs).toBeNull();
  });

  describe("on the clock", () => {
    const clock = useFakeClock();

    it("reads an HTTP date against the clock", async () => {
      const client = makeClient();
      const now = clock.timers.now();
      respond({ "retry-after": new Date(now + 3000).toUTCString() });
      expect((await client.api.getJob("j1")).retryAfterMs).toBe(3000);
    });

    it("a date in the past means no wait", async () => {
      const client = makeClient();
      respond({ "retry-after": new Date(clock.timers.now() - 60_000).toUTCString() });
      expect((await client.api.getJob("j1")).retryAfterMs).toBe(0);
    });
  });

  it("caps the poll hint at maxRetryAfterMs, the client's or the call's", async () => {
    respond({ "retry-after": "86400" });
    expect((await makeClient().api.getJob("j1")).retryAfterMs).toBe(60_000);
    respond({ "retry-after": "9" });
    expect((await makeClient({ retry: { maxRetryAfterMs: 5000 } }).api.getJob("j1")).retryAfterMs).toBe(5000);
    expect((await makeClient().api.getJob("j1", { maxRetryAfterMs: 2000 })).retryAfterMs).toBe(2000);
  });

  it.each([["garbage"], [""], ["-5"], ["1e3"]])("an unreadable Retry-After %j is null", async (value) => {
    respond({ "retry-after": value });
    expect((await makeClient().api.getJob("j1")).retryAfterMs).toBeNull();
  });
});

describe("routes and base URL", () => {
  it("a baseUrl with trailing slashes joins without a double slash", async () => {
    const seen = answer("get", "/coaching/sessions/current", () => HttpResponse.json({ session: null, conflict: null }));
    await makeClient({ baseUrl: `${BASE}//` }).api.getCurrentSession();
    expect(seen[0]!.url).toBe(`${BASE}/coaching/sessions/current`);
  });

  it("route overrides replace only the routes given", async () => {
    const sent = answer("post", "/v2/chats/s1/turns", () => HttpResponse.json({ jobId: "j9", messageId: "m9", status: "QUEUED" }, { status: 202 }));
    const read = answer("get", "/coaching/sessions/s1", () => HttpResponse.json({ session: session() }));
    const { api } = makeClient({ routes: { sendMessage: (id) => `/v2/chats/${id}/turns` } });
    await expect(api.sendMessage("s1", { content: "x", clientMessageId: "c" })).resolves.toMatchObject({ jobId: "j9" });
    await api.getSession("s1");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.get("idempotency-key")).toBe("c");
    expect(read).toHaveLength(1);
  });

  it("ids are URL-encoded in the default routes", async () => {
    const seen = answer("get", "/coaching/sessions/:id", () => HttpResponse.json({ session: session() }));
    await makeClient().api.getSession("a/b?c#d");
    expect(seen[0]!.url).toBe(`${BASE}/coaching/sessions/a%2Fb%3Fc%23d`);
  });

  it("the resolved options are exposed with defaults applied", () => {
    const { options } = makeClient({ baseUrl: `${BASE}/`, retry: 5 });
    expect(options.baseUrl).toBe(BASE);
    expect(options.retry).toEqual({ limit: 5, initialDelayMs: 300, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 });
  });

  it("a missing baseUrl is a TypeError at creation", async () => {
    const { createCoachingClient } = await import("../../src/api/index.js");
    expect(() => createCoachingClient({} as never)).toThrow(TypeError);
  });
});

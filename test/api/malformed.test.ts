import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { CoachingApi } from "../../src/api/index.js";
import { CoachingError, ValidationError, isCoachingError } from "../../src/errors/index.js";
import { BASE, job, session } from "./support/fixtures.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";

const server = useMockServer();

interface Route {
  name: keyof CoachingApi;
  method: "get" | "post";
  path: string;
  status: number;
  call: (api: CoachingApi) => Promise<unknown>;
}

const routes: Route[] = [
  { name: "getCurrentSession", method: "get", path: "/coaching/sessions/current", status: 200, call: (api) => api.getCurrentSession() },
  { name: "startSession", method: "post", path: "/coaching/sessions", status: 201, call: (api) => api.startSession() },
  { name: "getSession", method: "get", path: "/coaching/sessions/s1", status: 200, call: (api) => api.getSession("s1") },
  { name: "resumeSession", method: "post", path: "/coaching/sessions/s1/resume", status: 200, call: (api) => api.resumeSession("s1") },
  { name: "pauseSession", method: "post", path: "/coaching/sessions/s1/pause", status: 200, call: (api) => api.pauseSession("s1") },
  { name: "cancelSession", method: "post", path: "/coaching/sessions/s1/cancel", status: 200, call: (api) => api.cancelSession("s1") },
  {
    name: "sendMessage",
    method: "post",
    path: "/coaching/sessions/s1/messages",
    status: 202,
    call: (api) => api.sendMessage("s1", { content: "x", clientMessageId: "c" }),
  },
  { name: "getJob", method: "get", path: "/coaching/jobs/j1", status: 200, call: (api) => api.getJob("j1") },
  { name: "cancelJob", method: "post", path: "/coaching/jobs/j1/cancel", status: 200, call: (api) => api.cancelJob("j1") },
];

const deep = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + "}".repeat(depth);

/** Bodies no route accepts, as raw bytes or text, sent with a JSON content type. */
const nasty: [string, BodyInit][] = [
  ["null", "null"],
  ["[]", "[]"],
  ["empty", ""],
  ["<html>", "<html><body>oops</body></html>"],
  ["{session: 5}", '{"session":5}'],
  ["a string", '"session"'],
  ["a number", "42"],
  ["true", "true"],
  ["truncated", '{"session":{"id":"s1",'],
  ["NaN literal", '{"session":NaN}'],
  ["wrong types everywhere", JSON.stringify({ session: { id: 1, status: ["ACTIVE"], messages: "lots", createdAt: {} }, conflict: { heldBy: null }, jobId: [], messageId: false, status: {}, sessionId: 0, abandonedSessionId: 3 })],
  ["almost a session", JSON.stringify({ session: { ...session(), status: "active" }, conflict: null, abandonedSessionId: null })],
  ["a message with a bad role", JSON.stringify({ session: session({ messages: [{ id: "m", role: "system", content: "x", createdAt: "t" }] }), conflict: null, abandonedSessionId: null })],
  ["a job with a bad status", JSON.stringify(job({ status: "DONE", messageId: "m" }))],
  ["a job result missing its reply", JSON.stringify(job({ status: "COMPLETED", result: { isFinal: true, sessionStatus: "COMPLETED" } }))],
  ["sendMessage status COMPLETED", JSON.stringify({ jobId: "j", messageId: "m", status: "COMPLETED" })],
  ["__proto__ pollution", '{"__proto__":{"session":{"id":"s1"},"jobId":"j"},"constructor":{"prototype":{"status":"QUEUED"}}}'],
  ["query-shaped id", '{"session":{"id":{"$gt":""}}}'],
  ["deeply nested", deep(5_000, "null")],
  ["absurdly deep array", "[".repeat(50_000) + "]".repeat(50_000)],
  ["256 KB of text", "a".repeat(256_000)],
  ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ["a lone surrogate escape", '{"session":"\\ud800"}'],
  ["a BOM then garbage", "\uFEFF<html>"],
];

const respond = (status: number, body: BodyInit) => () =>
  new HttpResponse(body, { status, headers: { "content-type": "application/json" } });

describe.each(routes)("$name never throws anything but a CoachingError", ({ method, path, status, call, name }) => {
  it.each(nasty)("success status with %s → ValidationError", async (_label, body) => {
    server.use(http[method](`${BASE}${path}`, respond(status, body)));
    const error = await rejectionOf(call(makeClient().api));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ operation: name, source: "response" });
    expect((error as ValidationError).issues.length).toBeGreaterThan(0);
  });

  it.each([400, 401, 404, 409, 410, 429, 500])("HTTP %i with every nasty body → a CoachingError", async (code) => {
    for (const [, body] of nasty) {
      server.use(http[method](`${BASE}${path}`, respond(code, body)));
      // retry: 0, since retries are covered elsewhere and only multiply the work here.
      const error = await rejectionOf(call(makeClient({ retry: 0 }).api));
      expect(error).toBeInstanceOf(CoachingError);
      expect(isCoachingError(error)).toBe(true);
    }
  });
});

describe("bodies that look odd but are fine", () => {
  it("a UTF-8 BOM before valid JSON is accepted", async () => {
    server.use(http.get(`${BASE}/coaching/sessions/s1`, respond(200, `\uFEFF${JSON.stringify({ session: session() })}`)));
    await expect(makeClient().api.getSession("s1")).resolves.toMatchObject({ session: { id: "s1" } });
  });

  it("a JSON body without a JSON content type is still read", async () => {
    server.use(http.get(`${BASE}/coaching/jobs/j1`, () => new HttpResponse(JSON.stringify(job()), { headers: { "content-type": "text/plain" } })));
    await expect(makeClient().api.getJob("j1")).resolves.toMatchObject({ job: { jobId: "j1" } });
  });
});

describe("arguments that would address the wrong route are refused before sending", () => {
  const requests: string[] = [];
  const catchAll = () =>
    server.use(
      http.all("*", ({ request }) => {
        requests.push(`${request.method} ${request.url}`);
        return HttpResponse.json({});
      }),
    );

  const idCalls: [string, (api: CoachingApi, id: never) => Promise<unknown>][] = [
    ["getSession", (api, id) => api.getSession(id)],
    ["resumeSession", (api, id) => api.resumeSession(id)],
    ["pauseSession", (api, id) => api.pauseSession(id)],
    ["cancelSession", (api, id) => api.cancelSession(id)],
    ["sendMessage", (api, id) => api.sendMessage(id, { content: "x", clientMessageId: "c" })],
    ["getJob", (api, id) => api.getJob(id)],
    ["cancelJob", (api, id) => api.cancelJob(id)],
  ];

  describe.each(idCalls)("%s", (operation, call) => {
    it.each(["", ".", "..", undefined, null, 5, {}])("id %j → ValidationError, nothing sent", async (id) => {
      requests.length = 0;
      catchAll();
      const error = await rejectionOf(call(makeClient().api, id as never));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ operation, source: "argument", retryable: false });
      expect(requests).toEqual([]);
    });
  });

  it.each([
    ["no input", undefined],
    ["null input", null],
    ["an empty clientMessageId", { content: "x", clientMessageId: "" }],
    ["a numeric content", { content: 5, clientMessageId: "c" }],
  ])("sendMessage with %s → ValidationError, nothing sent", async (_label, input) => {
    requests.length = 0;
    catchAll();
    const error = await rejectionOf(makeClient().api.sendMessage("s1", input as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/^sendMessage was given an invalid argument/);
    expect(requests).toEqual([]);
  });

  it("an id that merely contains dots is sent, encoded", async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/coaching/sessions/:id`, ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json({ session: session() });
      }),
    );
    await makeClient().api.getSession("s.1..x");
    expect(seen).toEqual([`${BASE}/coaching/sessions/s.1..x`]);
  });
});

import { delay, http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import {
  AuthError,
  CoachingError,
  ConflictError,
  ExpiredError,
  HttpError,
  NetworkError,
  TimeoutError,
  ValidationError,
  isCoachingError,
} from "../../src/errors/index.js";
import { BASE, conflict, errorBody, session } from "./support/fixtures.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";

const server = useMockServer();

/** Checks what every SDK error must satisfy, then returns it typed. */
function expectCoachingError<E extends CoachingError>(error: unknown, type: new (...args: never[]) => E): E {
  expect(error).toBeInstanceOf(type);
  expect(error).toBeInstanceOf(CoachingError);
  expect(error).toBeInstanceOf(Error);
  expect(isCoachingError(error)).toBe(true);
  expect((error as E).name).toBe(type.name);
  return error as E;
}

const reply = (status: number, body: string | Record<string, unknown>, headers: Record<string, string> = {}) =>
  typeof body === "string" ? new HttpResponse(body, { status, headers }) : HttpResponse.json(body, { status, headers });

describe("HttpError", () => {
  it("carries status, server code and message, request id and retryable", async () => {
    server.use(
      http.get(`${BASE}/coaching/sessions/current`, () =>
        reply(400, errorBody("BAD_REQUEST", "tenant header missing"), { "x-request-id": "req-400" }),
      ),
    );
    const error = expectCoachingError(await rejectionOf(makeClient().api.getCurrentSession()), HttpError);
    expect(error).toMatchObject({
      code: "HTTP_ERROR",
      status: 400,
      serverCode: "BAD_REQUEST",
      serverMessage: "tenant header missing",
      requestId: "req-400",
      retryable: false,
      operation: "getCurrentSession",
    });
    expect(error.message).toBe("getCurrentSession failed with HTTP 400 BAD_REQUEST: tenant header missing");
  });

  it("a non-JSON HTML 502 is an HttpError of code HTTP_502, retryable", async () => {
    server.use(
      http.get(`${BASE}/coaching/sessions/current`, () =>
        reply(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { "content-type": "text/html", "x-request-id": "edge-1" }),
      ),
    );
    const error = expectCoachingError(await rejectionOf(makeClient({ retry: 0 }).api.getCurrentSession()), HttpError);
    expect(error).toMatchObject({ status: 502, serverCode: "HTTP_502", serverMessage: undefined, retryable: true, requestId: "edge-1" });
  });

  it.each([
    ["an empty body", ""],
    ["JSON of another shape", { message: "oops" }],
    ["an error without a message", { error: { code: "X" } }],
  ])("%s yields HTTP_<status>", async (_name, body) => {
    server.use(http.get(`${BASE}/coaching/sessions/current`, () => reply(500, body)));
    const error = expectCoachingError(await rejectionOf(makeClient({ retry: 0 }).api.getCurrentSession()), HttpError);
    expect(error).toMatchObject({ status: 500, serverCode: "HTTP_500", retryable: true });
  });

  it("the server's retryable flag wins over the status default", async () => {
    server.use(http.get(`${BASE}/coaching/sessions/current`, () => reply(400, { error: { code: "TRY_LATER", message: "m", retryable: true } })));
    const error = expectCoachingError(await rejectionOf(makeClient().api.getCurrentSession()), HttpError);
    expect(error.retryable).toBe(true);
  });

  it.each([
    ["sendMessage 413 MESSAGE_TOO_LARGE", 413, "MESSAGE_TOO_LARGE"],
    ["sendMessage 409 SESSION_NOT_ACTIVE", 409, "SESSION_NOT_ACTIVE"],
    ["sendMessage 422 IDEMPOTENCY_KEY_REUSED", 422, "IDEMPOTENCY_KEY_REUSED"],
  ])("%s is an HttpError with the server code", async (_name, status, code) => {
    server.use(http.post(`${BASE}/coaching/sessions/s1/messages`, () => reply(status, errorBody(code))));
    const error = expectCoachingError(
      await rejectionOf(makeClient().api.sendMessage("s1", { content: "x", clientMessageId: "c" })),
      HttpError,
    );
    expect(error).toMatchObject({ status, serverCode: code, operation: "sendMessage", retryable: false });
  });

  it("resume's 409 INVALID_TRANSITION is an HttpError, not a conflict", async () => {
    server.use(http.post(`${BASE}/coaching/sessions/s1/resume`, () => reply(409, errorBody("INVALID_TRANSITION"))));
    const error = expectCoachingError(await rejectionOf(makeClient().api.resumeSession("s1")), HttpError);
    expect(error).toMatchObject({ status: 409, serverCode: "INVALID_TRANSITION" });
  });

  it("a 404 on a route without an id stays an HttpError", async () => {
    server.use(http.get(`${BASE}/coaching/sessions/current`, () => reply(404, errorBody("NOT_FOUND"))));
    expectCoachingError(await rejectionOf(makeClient().api.getCurrentSession()), HttpError);
  });
});

describe("NetworkError", () => {
  it("when the connection fails (HttpResponse.error)", async () => {
    server.use(http.get(`${BASE}/coaching/sessions/s1`, () => HttpResponse.error()));
    const error = expectCoachingError(await rejectionOf(makeClient({ retry: 0 }).api.getSession("s1")), NetworkError);
    expect(error).toMatchObject({ code: "NETWORK_ERROR", retryable: true, operation: "getSession" });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("when an injected fetch rejects", async () => {
    const cause = new TypeError("getaddrinfo ENOTFOUND api.test");
    const fetch = vi.fn(async () => Promise.reject(cause));
    const error = expectCoachingError(await rejectionOf(makeClient({ retry: 0, fetch }).api.getSession("s1")), NetworkError);
    expect(error.cause).toBe(cause);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("TimeoutError", () => {
  it("when the server answers later than `timeout`", async () => {
    server.use(
      http.get(`${BASE}/coaching/sessions/s1`, async () => {
        await delay(2_000);
        return HttpResponse.json({ session: session() });
      }),
    );
    const started = Date.now();
    const error = expectCoachingError(await rejectionOf(makeClient({ retry: 0, timeout: 40 }).api.getSession("s1")), TimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ code: "TIMEOUT", timeoutMs: 40, retryable: true, operation: "getSession" });
  });
});

describe("AuthError", () => {
  it("401 after a refresh: reason unauthorized, with status and request id", async () => {
    server.use(http.get(`${BASE}/coaching/sessions/current`, () => reply(401, errorBody("UNAUTHORIZED"), { "x-request-id": "r401" })));
    const error = expectCoachingError(await rejectionOf(makeClient().api.getCurrentSession()), AuthError);
    expect(error).toMatchObject({ code: "AUTH_ERROR", reason: "unauthorized", status: 401, requestId: "r401", retryable: false });
  });

  it("403: reason forbidden, no refresh and no retry", async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/coaching/sessions/current`, () => {
        requests++;
        return reply(403, errorBody("FORBIDDEN"));
      }),
    );
    const getToken = vi.fn(() => "t");
    const error = expectCoachingError(await rejectionOf(makeClient({ getToken }).api.getCurrentSession()), AuthError);
    expect(error).toMatchObject({ reason: "forbidden", status: 403 });
    expect(requests).toBe(1);
    expect(getToken.mock.calls).toEqual([[{ forceRefresh: false }]]);
  });

  it("getToken throwing: reason token-unavailable, nothing sent", async () => {
    const cause = new Error("refresh token revoked");
    const error = expectCoachingError(
      await rejectionOf(
        makeClient({
          getToken: () => {
            throw cause;
          },
        }).api.getSession("s1"),
      ),
      AuthError,
    );
    expect(error).toMatchObject({ reason: "token-unavailable", operation: "getSession" });
    expect(error.cause).toBe(cause);
  });

  it("getToken rejecting asynchronously is token-unavailable too", async () => {
    const error = await rejectionOf(makeClient({ getToken: async () => Promise.reject(new Error("offline")) }).api.getJob("j1"));
    expect(expectCoachingError(error, AuthError).reason).toBe("token-unavailable");
  });
});

describe("ConflictError", () => {
  it("409 TENANT_CONFLICT carries the conflict body", async () => {
    server.use(
      http.post(`${BASE}/coaching/sessions`, () =>
        reply(409, errorBody("TENANT_CONFLICT", "held", { conflict: conflict() }), { "x-request-id": "r409" }),
      ),
    );
    const error = expectCoachingError(await rejectionOf(makeClient().api.startSession()), ConflictError);
    expect(error).toMatchObject({ code: "TENANT_CONFLICT", status: 409, requestId: "r409", operation: "startSession", retryable: false });
    expect(error.conflict).toEqual(conflict());
    expect(error.message).toBe(conflict().guidance);
  });

  it("409 TENANT_CONFLICT without a conflict object still is a ConflictError", async () => {
    server.use(http.post(`${BASE}/coaching/sessions`, () => reply(409, errorBody("TENANT_CONFLICT"))));
    const error = expectCoachingError(await rejectionOf(makeClient().api.startSession()), ConflictError);
    expect(error.conflict).toBeNull();
  });

  it("409 TENANT_CONFLICT whose conflict object is malformed keeps its code", async () => {
    server.use(
      http.post(`${BASE}/coaching/sessions`, () => reply(409, errorBody("TENANT_CONFLICT", "held", { conflict: { code: "SOMETHING_NEW" } }))),
    );
    const error = expectCoachingError(await rejectionOf(makeClient().api.startSession()), ConflictError);
    expect(error.conflict).toBeNull();
  });
});

describe("ExpiredError", () => {
  const sessionRoutes = [
    ["getSession", "get", "/coaching/sessions/s1", (api: ReturnType<typeof makeClient>["api"]) => api.getSession("s1")],
    ["resumeSession", "post", "/coaching/sessions/s1/resume", (api: ReturnType<typeof makeClient>["api"]) => api.resumeSession("s1")],
    ["pauseSession", "post", "/coaching/sessions/s1/pause", (api: ReturnType<typeof makeClient>["api"]) => api.pauseSession("s1")],
    ["cancelSession", "post", "/coaching/sessions/s1/cancel", (api: ReturnType<typeof makeClient>["api"]) => api.cancelSession("s1")],
    [
      "sendMessage",
      "post",
      "/coaching/sessions/s1/messages",
      (api: ReturnType<typeof makeClient>["api"]) => api.sendMessage("s1", { content: "x", clientMessageId: "c" }),
    ],
  ] as const;

  describe.each([404, 410])("HTTP %i", (status) => {
    it.each(sessionRoutes)("%s → session expired", async (operation, method, path, call) => {
      server.use(http[method](`${BASE}${path}`, () => reply(status, errorBody("SESSION_EXPIRED"), { "x-request-id": "rx" })));
      const error = expectCoachingError(await rejectionOf(call(makeClient().api)), ExpiredError);
      expect(error).toMatchObject({ code: "SESSION_EXPIRED", resource: "session", id: "s1", status, operation, requestId: "rx" });
    });

    it("getJob → job expired", async () => {
      server.use(http.get(`${BASE}/coaching/jobs/j1`, () => reply(status, errorBody("JOB_EXPIRED"))));
      const error = expectCoachingError(await rejectionOf(makeClient().api.getJob("j1")), ExpiredError);
      expect(error).toMatchObject({ code: "JOB_EXPIRED", resource: "job", id: "j1", status, operation: "getJob" });
    });

    it("cancelJob → job expired, with or without the contract's error body (a backend with no cancel route)", async () => {
      server.use(
        http.post(`${BASE}/coaching/jobs/j1/cancel`, () => reply(status, errorBody("JOB_EXPIRED"))),
        http.post(`${BASE}/coaching/jobs/j2/cancel`, () => reply(status, "<html>Not Found</html>", { "content-type": "text/html" })),
      );
      for (const id of ["j1", "j2"]) {
        const error = expectCoachingError(await rejectionOf(makeClient().api.cancelJob(id)), ExpiredError);
        expect(error).toMatchObject({ code: "JOB_EXPIRED", resource: "job", id, status, operation: "cancelJob", retryable: false });
      }
    });
  });
});

describe("ValidationError", () => {
  it("a missing required field, with issues and operation", async () => {
    const { id: _id, ...noId } = session();
    server.use(http.get(`${BASE}/coaching/sessions/s1`, () => HttpResponse.json({ session: noId }, { headers: { "x-request-id": "rv" } })));
    const error = expectCoachingError(await rejectionOf(makeClient().api.getSession("s1")), ValidationError);
    expect(error).toMatchObject({ code: "VALIDATION_ERROR", operation: "getSession", requestId: "rv", retryable: false });
    expect(error.issues).toContainEqual(expect.objectContaining({ path: ["session", "id"] }));
    expect(error.message).toContain("session.id");
  });

  it("a wrong type", async () => {
    server.use(http.post(`${BASE}/coaching/sessions/s1/messages`, () => HttpResponse.json({ jobId: 1, messageId: "m", status: "QUEUED" }, { status: 202 })));
    const error = expectCoachingError(
      await rejectionOf(makeClient().api.sendMessage("s1", { content: "x", clientMessageId: "c" })),
      ValidationError,
    );
    expect(error.operation).toBe("sendMessage");
    expect(error.issues).toEqual([expect.objectContaining({ path: ["jobId"], code: "invalid_type" })]);
  });

  it("a non-JSON 200 body", async () => {
    server.use(http.get(`${BASE}/coaching/jobs/j1`, () => new HttpResponse("<html>ok</html>", { status: 200 })));
    const error = expectCoachingError(await rejectionOf(makeClient().api.getJob("j1")), ValidationError);
    expect(error.operation).toBe("getJob");
    expect(error.issues).toEqual([expect.objectContaining({ path: [], message: "response body is not JSON" })]);
  });

  it("is not retried", async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/coaching/sessions/current`, () => {
        requests++;
        return HttpResponse.json({ session: 5, conflict: null });
      }),
    );
    expectCoachingError(await rejectionOf(makeClient().api.getCurrentSession()), ValidationError);
    expect(requests).toBe(1);
  });
});

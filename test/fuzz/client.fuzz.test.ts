import fc from "fast-check";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCoachingClient, type CoachingClientOptions } from "../../src/api/index.js";
import { isCoachingError, type CoachingError } from "../../src/errors/index.js";
import { silentLogger } from "../../src/shared/logger.js";
import { installFakeClock } from "../api/support/timers.js";
import { BASE, describeThrown, ERROR_CODES, ROUTES, settle, type FuzzRoute } from "./support/api-routes.js";
import { errorBody, id } from "./support/contract-arbitraries.js";
import { mistyped } from "./support/mistype.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MAX_RETRY_AFTER_MS = 60_000;

function makeClient(options: Partial<CoachingClientOptions> = {}) {
  return createCoachingClient({ baseUrl: BASE, getToken: () => "tok", retry: 0, timeout: 2_000, logger: silentLogger, ...options });
}

/** What a server (or a proxy in front of it) may answer. */
interface Reply {
  status: number;
  kind: "anything" | "json" | "text" | "truncated" | "valid" | "mistyped" | "error-body" | "bytes";
  body: string | Uint8Array;
  headers: Record<string, string>;
}

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

const headerText = fc.string({ unit: "grapheme-ascii", maxLength: 30 });
/** `Retry-After` / `retry-after-ms` values: garbage, edge numbers, dates real and impossible. */
const retryAfter = fc.oneof(
  headerText,
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 400n }).map(String),
  fc.date().map((d) => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toUTCString())),
  fc.constantFrom("1e309", "-1", "-0", "NaN", "Infinity", " 5 ", "0x10", "1.5", "5s", "Wed, 21 Oct 2015 07:28:00 GMT", "Mon, 99 Jan 2026 99:99:99 GMT"),
);
const headers = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "application/json; charset=utf-8", "text/html; charset=utf-8", "application/octet-stream", "text/plain"),
    "x-request-id": fc.stringMatching(/^[A-Za-z0-9-]{1,24}$/),
    "retry-after": retryAfter,
    "retry-after-ms": retryAfter,
  },
  { requiredKeys: [] },
);
const successStatus = fc.constantFrom(200, 201, 202, 203, 206, 299);
/**
 * Redirect statuses are left out: msw's fetch interceptor follows a 301/302/303/307/308 that has
 * no Location header to `<url>/null` (real fetch returns such a response as it is, which the SDK
 * reports as HTTP_<status>), so under msw they only test msw.
 */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const anyStatus = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 200, max: 599 }).filter((s) => !REDIRECTS.has(s)) },
  { weight: 2, arbitrary: fc.constantFrom(400, 401, 403, 404, 409, 410, 413, 422, 429, 500, 502, 503, 504) },
  { weight: 1, arbitrary: successStatus },
);

function bodies(route: FuzzRoute): fc.Arbitrary<Pick<Reply, "kind" | "body">> {
  const json = (kind: Reply["kind"]) => (value: unknown) => ({ kind, body: JSON.stringify(value) ?? "" });
  return fc.oneof(
    fc.anything().map(json("anything")),
    fc.json().map((body) => ({ kind: "json" as const, body })),
    fc.string({ unit: "binary", maxLength: 80 }).map((body) => ({ kind: "text" as const, body })),
    route.valid.chain((value) => {
      const text = JSON.stringify(value);
      return fc.nat({ max: text.length - 1 }).map((cut) => ({ kind: "truncated" as const, body: text.slice(0, cut) }));
    }),
    route.valid.map(json("valid")),
    mistyped(route.valid).map((m) => json("mistyped")(m.value)),
    errorBody.map(json("error-body")),
    fc.uint8Array({ maxLength: 64 }).map((body) => ({ kind: "bytes" as const, body })),
  );
}

const reply = (route: FuzzRoute, status: fc.Arbitrary<number>, body = bodies(route)): fc.Arbitrary<Reply> =>
  fc.record({ status, headers, content: body }).map(({ status, headers, content }) => ({ status, headers, ...content }));

function serve(route: FuzzRoute, answer: Reply): { requests: () => number } {
  let requests = 0;
  server.resetHandlers(
    http[route.method](`${BASE}${route.path}`, () => {
      requests++;
      const body = NULL_BODY_STATUSES.has(answer.status) ? null : answer.body;
      return new HttpResponse(body as BodyInit | null, { status: answer.status, headers: answer.headers });
    }),
  );
  return { requests: () => requests };
}

/** The error classes the contract maps non-2xx answers to. */
function expectErrorFor(route: FuzzRoute, answer: Reply, error: CoachingError) {
  const { status } = answer;
  if (status === 401 || status === 403) expect(error.code).toBe("AUTH_ERROR");
  else expect(["HTTP_ERROR", "TENANT_CONFLICT", "SESSION_EXPIRED", "JOB_EXPIRED"]).toContain(error.code);
  if (error.code === "HTTP_ERROR") expect((error as CoachingError & { status: number }).status).toBe(status);
  if (error.code === "SESSION_EXPIRED" || error.code === "JOB_EXPIRED") {
    expect([404, 410]).toContain(status);
    expect(error.code).toBe(route.resource === "job" ? "JOB_EXPIRED" : "SESSION_EXPIRED");
  }
  if (error.code === "TENANT_CONFLICT") expect(status).toBe(409);
}

function expectRetryHint(route: FuzzRoute, value: unknown) {
  if (route.name !== "getJob") return;
  const { retryAfterMs } = value as { retryAfterMs: number | null };
  if (retryAfterMs === null) return;
  expect(Number.isFinite(retryAfterMs)).toBe(true);
  expect(retryAfterMs).toBeGreaterThanOrEqual(0);
  expect(retryAfterMs).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
}

describe.each(ROUTES)("$name against a fuzzed server", (route) => {
  it("resolves with a contract-valid value, or rejects with a documented CoachingError", async () => {
    await fc.assert(
      fc.asyncProperty(reply(route, anyStatus), async (answer) => {
        serve(route, answer);
        const outcome = await settle(route.call(makeClient().api));
        if (outcome.ok) {
          expect(answer.status).toBeGreaterThanOrEqual(200);
          expect(answer.status).toBeLessThan(300);
          expect(route.schema.safeParse(route.body(outcome.value)).success).toBe(true);
          expectRetryHint(route, outcome.value);
          return;
        }
        const error = outcome.error;
        expect(isCoachingError(error), describeThrown(error)).toBe(true);
        const typed = error as CoachingError;
        expect(ERROR_CODES.has(typed.code)).toBe(true);
        expect(typed.operation).toBe(route.name);
        if (answer.headers["x-request-id"]) expect(typed.requestId).toBe(answer.headers["x-request-id"]);
        if (answer.status < 300) expect(typed.code).toBe("VALIDATION_ERROR");
        else expectErrorFor(route, answer, typed);
      }),
      { numRuns: 150 },
    );
  });

  it("resolves every contract-valid success body to the parsed value (extra fields ignored)", async () => {
    const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).map((k) => `x_${k}`), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 });
    const valid = fc.tuple(route.valid, extra).map(([value, more]) => ({ kind: "valid" as const, body: JSON.stringify({ ...more, ...(value as object) }), value }));
    await fc.assert(
      fc.asyncProperty(successStatus, headers, valid, async (status, headers, { body, value }) => {
        serve(route, { status, headers, kind: "valid", body });
        const outcome = await settle(route.call(makeClient().api));
        expect(outcome.ok, outcome.ok ? "" : describeThrown(outcome.error)).toBe(true);
        if (outcome.ok) expect(route.body(outcome.value)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 60 },
    );
  });

  it("rejects a success body with one field mistyped or missing with a ValidationError", async () => {
    await fc.assert(
      fc.asyncProperty(successStatus, mistyped(route.valid), async (status, { value }) => {
        serve(route, { status, headers: {}, kind: "mistyped", body: JSON.stringify(value) });
        const outcome = await settle(route.call(makeClient().api));
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.error).toMatchObject({ code: "VALIDATION_ERROR", operation: route.name, source: "response" });
      }),
      { numRuns: 60 },
    );
  });
});

describe("retry hints", () => {
  const getJob = ROUTES.find((r) => r.name === "getJob")!;

  it("waits only finite, non-negative, capped delays whatever Retry-After says; a longer hint fails at once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(429, 503, 500, 408), headers, async (status, headers) => {
        const served = serve(getJob, { status, headers, kind: "error-body", body: "" });
        const clock = installFakeClock();
        try {
          const client = makeClient({ retry: 2, timeout: false, random: () => 0.5 });
          const outcome = await settle(client.api.getJob("j1"));
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expect(outcome.error).toMatchObject({ code: "HTTP_ERROR", status, retryable: true });
          const { retryAfterMs } = outcome.error as { retryAfterMs: number | null };
          if (retryAfterMs !== null) expect(Number.isFinite(retryAfterMs) && retryAfterMs >= 0).toBe(true);
          // A hint above the cap is not waited for: one request, and the error says how long.
          const failedFast = retryAfterMs !== null && retryAfterMs > MAX_RETRY_AFTER_MS;
          expect(served.requests()).toBe(failedFast ? 1 : 3);
          expect(clock.delays).toHaveLength(failedFast ? 0 : 2);
          for (const delay of clock.delays) {
            expect(Number.isFinite(delay)).toBe(true);
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
          }
        } finally {
          clock.uninstall();
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("arbitrary arguments", () => {
  const nastyId = fc.oneof(
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.constantFrom("", ".", "..", "%2e%2e", "%2E", "../x", "a/b", "?x=1", "#frag", "\\..", "\ud800", "s1\r\nX-Evil: 1", " "),
    id,
  );
  const text = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom("", " ", "\u0000", "x".repeat(10_000)));
  const calls = fc.oneof(
    fc.record({ name: fc.constant("getSession" as const), id: nastyId }),
    fc.record({ name: fc.constant("resumeSession" as const), id: nastyId }),
    fc.record({ name: fc.constant("pauseSession" as const), id: nastyId }),
    fc.record({ name: fc.constant("cancelSession" as const), id: nastyId }),
    fc.record({ name: fc.constant("getJob" as const), id: nastyId }),
    fc.record({ name: fc.constant("sendMessage" as const), id: nastyId, content: text, clientMessageId: text }),
    fc.record({ name: fc.constant("startSession" as const), id: nastyId }),
  );

  it("only CoachingErrors, and an id always lands in exactly its own path segment", async () => {
    await fc.assert(
      fc.asyncProperty(calls, async (call) => {
        const route = ROUTES.find((r) => r.name === call.name)!;
        const seen: URL[] = [];
        const valid = fc.sample(route.valid, { numRuns: 1, seed: 1 })[0];
        server.resetHandlers(
          http.all("*", ({ request }) => {
            seen.push(new URL(request.url));
            return HttpResponse.json(valid as object, { status: 200 });
          }),
        );
        const api = makeClient().api;
        const promise =
          call.name === "sendMessage"
            ? api.sendMessage(call.id, { content: call.content, clientMessageId: call.clientMessageId })
            : call.name === "startSession"
              ? api.startSession({ replaceSessionId: call.id })
              : api[call.name](call.id);
        const outcome = await settle(promise);
        if (!outcome.ok) {
          expect(isCoachingError(outcome.error), describeThrown(outcome.error)).toBe(true);
          expect(ERROR_CODES.has((outcome.error as CoachingError).code)).toBe(true);
          // The mock always answers: a call that sent nothing was refused for its arguments, and
          // must say so (not "check the connection", retryable, after backoff).
          if (seen.length === 0) expect(outcome.error, describeThrown(outcome.error)).toMatchObject({ code: "VALIDATION_ERROR", source: "argument" });
        }
        for (const url of seen) {
          expect(url.origin + url.pathname.slice(0, "/v1".length)).toBe(BASE);
          if (call.name === "startSession") {
            expect(url.pathname).toBe("/v1/coaching/sessions");
            continue;
          }
          const segments = url.pathname.split("/");
          const [prefix, idSegment] = call.name === "getJob" ? ["jobs", segments[4]] : ["sessions", segments[4]];
          expect(segments.slice(0, 4)).toEqual(["", "v1", "coaching", prefix]);
          expect(decodeURIComponent(idSegment!)).toBe(call.id);
        }
      }),
      { numRuns: 200 },
    );
  });
});

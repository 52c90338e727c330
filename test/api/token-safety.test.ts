import { inspect } from "node:util";
import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { CoachingClientOptions } from "../../src/api/index.js";
import { AuthError, isCoachingError } from "../../src/errors/index.js";
import { BASE, TOKEN, conflict, errorBody } from "./support/fixtures.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";

const server = useMockServer();
const path = `${BASE}/coaching/sessions/s1`;

/** Every way an error is commonly turned into text, cause chain included. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    string: String(error),
    json: JSON.stringify(error),
    stack: e.stack ?? "",
    inspect: inspect(error, { depth: 10, showHidden: true }),
  };
}

const scenarios: [string, () => Response | Promise<Response>, Partial<CoachingClientOptions>?][] = [
  ["HttpError 400", () => HttpResponse.json(errorBody("BAD_REQUEST"), { status: 400 })],
  ["HttpError HTML 502", () => new HttpResponse("<html>502</html>", { status: 502 })],
  ["NetworkError", () => HttpResponse.error()],
  [
    "TimeoutError",
    async () => {
      await delay(2_000);
      return HttpResponse.json({});
    },
    { timeout: 20 },
  ],
  ["AuthError 401", () => HttpResponse.json(errorBody("UNAUTHORIZED"), { status: 401 })],
  ["AuthError 403", () => HttpResponse.json(errorBody("FORBIDDEN"), { status: 403 })],
  ["ConflictError", () => HttpResponse.json(errorBody("TENANT_CONFLICT", "held", { conflict: conflict() }), { status: 409 })],
  ["ExpiredError", () => HttpResponse.json(errorBody("SESSION_EXPIRED"), { status: 410 })],
  ["ValidationError", () => HttpResponse.json({ session: { id: 1 } })],
  ["ValidationError (not JSON)", () => new HttpResponse("nope")],
];

describe("the token never leaks into an error", () => {
  it.each(scenarios)("%s", async (_name, answer, options = {}) => {
    server.use(http.get(path, answer));
    const error = await rejectionOf(makeClient({ retry: 0, ...options }).api.getSession("s1"));
    expect(isCoachingError(error)).toBe(true);
    for (const [how, text] of Object.entries(renderings(error))) {
      expect(text, how).not.toContain(TOKEN);
      expect(text, how).not.toContain("Bearer");
    }
  });

  it("AbortedError", async () => {
    server.use(
      http.get(path, async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const call = rejectionOf(makeClient().api.getSession("s1", { signal: controller.signal }));
    setTimeout(() => controller.abort(), 10);
    const error = await call;
    expect(error).toMatchObject({ name: "AbortedError" });
    for (const text of Object.values(renderings(error))) expect(text).not.toContain(TOKEN);
  });

  it("a token that is not a legal header value: AuthError, no request, no token in the cause", async () => {
    let requests = 0;
    server.use(http.get(path, () => (requests++, HttpResponse.json({}))));
    const bad = `${TOKEN}\nX-Injected: 1`;
    const error = await rejectionOf(makeClient({ getToken: () => bad }).api.getSession("s1"));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ reason: "token-unavailable", retryable: false });
    expect(requests).toBe(0);
    for (const [how, text] of Object.entries(renderings(error))) expect(text, how).not.toContain(TOKEN);
  });

  it("a server echoing the Authorization header in a 401 body does not reach the message", async () => {
    server.use(
      http.get(path, ({ request }) =>
        HttpResponse.json(errorBody("UNAUTHORIZED", `bad token: ${request.headers.get("authorization")}`), { status: 401 }),
      ),
    );
    const error = await rejectionOf(makeClient().api.getSession("s1"));
    expect(error).toBeInstanceOf(AuthError);
    for (const [how, text] of Object.entries(renderings(error))) expect(text, how).not.toContain(TOKEN);
  });
});

import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GetTokenContext } from "../../src/api/index.js";
import { createTokenProvider } from "../../src/api/token-provider.js";
import { AuthError } from "../../src/errors/index.js";
import { BASE, errorBody, session } from "./support/fixtures.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";
import { installFakeClock, until, type FakeClock } from "./support/timers.js";

const server = useMockServer();
const never = () => new Promise<never>(() => {});

/** Accepts only `valid` tokens, recording the Authorization of every request. */
function guardedSession(valid: string) {
  const seen: (string | null)[] = [];
  server.use(
    http.get(`${BASE}/coaching/sessions/:id`, ({ request, params }) => {
      const auth = request.headers.get("authorization");
      seen.push(auth);
      if (auth !== `Bearer ${valid}`) return HttpResponse.json(errorBody("UNAUTHORIZED"), { status: 401 });
      return HttpResponse.json({ session: session({ id: params.id }) });
    }),
  );
  return seen;
}

let clock: FakeClock;
beforeEach(() => {
  clock = installFakeClock({ auto: false });
});
afterEach(() => clock.uninstall());

describe("a getToken that never settles", () => {
  it("fails the call with AuthError token-timeout after tokenTimeoutMs (10 s by default), nothing sent", async () => {
    const seen = guardedSession("t");
    let settled = false;
    const call = rejectionOf(makeClient({ getToken: never }).api.getSession("s1")).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await call;
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: "AUTH_ERROR", reason: "token-timeout", operation: "getSession", retryable: true });
    expect(seen).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it("the next call asks getToken again, and goes through once it answers", async () => {
    const seen = guardedSession("t");
    let answer: () => Promise<string> = never;
    const getToken = vi.fn(() => answer());
    const { api } = makeClient({ getToken, tokenTimeoutMs: 500 });
    const call = rejectionOf(api.getSession("s1"));
    await vi.advanceTimersByTimeAsync(500);
    expect(await call).toMatchObject({ reason: "token-timeout" });
    answer = async () => "t";
    await expect(api.getSession("s1")).resolves.toMatchObject({ session: { id: "s1" } });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(["Bearer t"]);
  });

  it("a refresh that hangs after a 401 fails the call the same way; the next call refreshes anew", async () => {
    const seen = guardedSession("fresh");
    let refresh: () => Promise<string> = never;
    const getToken = vi.fn(({ forceRefresh }: GetTokenContext) => (forceRefresh ? refresh() : "stale"));
    const { api } = makeClient({ getToken });
    const call = rejectionOf(api.getSession("s1"));
    await until(() => getToken.mock.calls.length === 2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await call).toMatchObject({ name: "AuthError", reason: "token-timeout", operation: "getSession" });
    refresh = async () => "fresh";
    await expect(api.getSession("s1")).resolves.toMatchObject({ session: { id: "s1" } });
    expect(getToken.mock.calls).toEqual([[{ forceRefresh: false }], [{ forceRefresh: true }], [{ forceRefresh: false }], [{ forceRefresh: true }]]);
    expect(seen).toEqual(["Bearer stale", "Bearer stale", "Bearer fresh"]);
  });

  it("`tokenTimeoutMs: false` waits as long as getToken takes", async () => {
    guardedSession("t");
    let resolve!: (token: string) => void;
    const call = makeClient({ getToken: () => new Promise<string>((r) => (resolve = r)), tokenTimeoutMs: false }).api.getSession("s1");
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(clock.pending()).toBe(0);
    resolve("t");
    await expect(call).resolves.toMatchObject({ session: { id: "s1" } });
  });

  it("a token returned at once costs no timer", async () => {
    guardedSession("t");
    await makeClient({ getToken: () => "t" }).api.getSession("s1");
    expect(clock.delays).toEqual([]);
  });
});

describe("the token provider (shared by HTTP and the socket)", () => {
  it("concurrent waiters on one hung refresh all fail with token-timeout; the next refresh calls getToken again", async () => {
    const getToken = vi.fn<(context: GetTokenContext) => Promise<string>>(never);
    const tokens = createTokenProvider(getToken, { timeoutMs: 2_000 });
    const waiters = [tokens.refresh("socket", 0), tokens.refresh("getJob", 0), tokens.get("sendMessage")].map(rejectionOf);
    expect(getToken).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    const errors = await Promise.all(waiters);
    for (const error of errors) expect(error).toMatchObject({ name: "AuthError", reason: "token-timeout", operation: "socket" });
    expect(new Set(errors).size).toBe(1);
    getToken.mockResolvedValueOnce("fresh");
    await expect(tokens.refresh("socket", 0)).resolves.toBe("fresh");
    expect(getToken.mock.calls).toEqual([[{ forceRefresh: true }], [{ forceRefresh: true }]]);
    expect(tokens.generation).toBe(1);
  });

  it("a getToken that rejects still is token-unavailable, with its cause", async () => {
    const cause = new Error("offline");
    const tokens = createTokenProvider(() => Promise.reject(cause));
    const error = await rejectionOf(tokens.get("socket"));
    expect(error).toMatchObject({ reason: "token-unavailable", operation: "socket", retryable: false, cause });
    expect(clock.pending()).toBe(0);
  });
});

import { delay, http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import type { GetTokenContext } from "../../src/api/index.js";
import { AuthError } from "../../src/errors/index.js";
import { BASE, errorBody, session } from "./support/fixtures.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";
import { useFakeClock } from "./support/timers.js";

const server = useMockServer();
// Backoff waits (and the slow refreshes below) on fake time.
useFakeClock();

/** A server that accepts only `valid` tokens, recording the token of every request. */
function guardedSession(valid: Set<string>, { latency = 0 } = {}) {
  const seen: (string | null)[] = [];
  server.use(
    http.get(`${BASE}/coaching/sessions/:id`, async ({ request, params }) => {
      const auth = request.headers.get("authorization");
      seen.push(auth);
      if (latency) await delay(latency);
      if (!auth || !valid.has(auth.replace(/^Bearer /, ""))) return HttpResponse.json(errorBody("UNAUTHORIZED"), { status: 401 });
      return HttpResponse.json({ session: session({ id: params.id }) });
    }),
  );
  return seen;
}

/** getToken that hands out "old" until forced, then "new-1", "new-2", ... */
function rotatingToken({ refreshDelay = 0 } = {}) {
  let refreshes = 0;
  const getToken = vi.fn(async ({ forceRefresh }: GetTokenContext) => {
    if (!forceRefresh) return refreshes === 0 ? "old" : `new-${refreshes}`;
    if (refreshDelay) await delay(refreshDelay);
    return `new-${++refreshes}`;
  });
  return { getToken, refreshes: () => refreshes };
}

const forcedCalls = (getToken: ReturnType<typeof vi.fn>) =>
  getToken.mock.calls.filter(([context]) => (context as GetTokenContext).forceRefresh).length;

describe("401 handling", () => {
  it("refreshes the token once and retries with the new one", async () => {
    const seen = guardedSession(new Set(["new-1"]));
    const { getToken } = rotatingToken();
    await expect(makeClient({ getToken }).api.getSession("s1")).resolves.toMatchObject({ session: { id: "s1" } });
    expect(seen).toEqual(["Bearer old", "Bearer new-1"]);
    expect(getToken.mock.calls).toEqual([[{ forceRefresh: false }], [{ forceRefresh: true }]]);
  });

  it("a second 401 is an AuthError, after exactly two requests (no loop)", async () => {
    const seen = guardedSession(new Set());
    const { getToken } = rotatingToken();
    const error = await rejectionOf(makeClient({ getToken }).api.getSession("s1"));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ reason: "unauthorized", status: 401 });
    expect(seen).toEqual(["Bearer old", "Bearer new-1"]);
    expect(forcedCalls(getToken)).toBe(1);
  });

  it("the 401 retry does not consume the retry budget, and 5xx after it keeps the new token", async () => {
    let n = 0;
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/coaching/sessions/s1`, ({ request }) => {
        seen.push(request.headers.get("authorization"));
        n++;
        if (n === 1) return HttpResponse.json(errorBody("UNAUTHORIZED"), { status: 401 });
        if (n <= 3) return HttpResponse.json(errorBody("UNAVAILABLE"), { status: 503 });
        return HttpResponse.json({ session: session() });
      }),
    );
    const { getToken } = rotatingToken();
    await expect(makeClient({ getToken }).api.getSession("s1")).resolves.toMatchObject({ session: { id: "s1" } });
    expect(seen).toEqual(["Bearer old", "Bearer new-1", "Bearer new-1", "Bearer new-1"]);
  });

  it("a refresh that throws is an AuthError token-unavailable", async () => {
    guardedSession(new Set());
    const getToken = vi.fn(({ forceRefresh }: GetTokenContext) => {
      if (forceRefresh) throw new Error("refresh token revoked");
      return "old";
    });
    const error = await rejectionOf(makeClient({ getToken }).api.getSession("s1"));
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ reason: "token-unavailable", operation: "getSession" });
  });

  it("a refresh returning null retries once without Authorization, then gives up", async () => {
    const seen = guardedSession(new Set());
    const getToken = vi.fn(({ forceRefresh }: GetTokenContext) => (forceRefresh ? null : "old"));
    const error = await rejectionOf(makeClient({ getToken }).api.getSession("s1"));
    expect(error).toMatchObject({ name: "AuthError", reason: "unauthorized" });
    expect(seen).toEqual(["Bearer old", null]);
  });

  it.each([
    ["simultaneous 401s, slow refresh", { latency: 0, refreshDelay: 30 }],
    ["simultaneous 401s, instant refresh", { latency: 0, refreshDelay: 0 }],
  ])("5 parallel calls share ONE refresh (%s)", async (_name, { latency, refreshDelay }) => {
    const seen = guardedSession(new Set(["new-1"]), { latency });
    const { getToken, refreshes } = rotatingToken({ refreshDelay });
    const { api } = makeClient({ getToken });
    const ids = ["a", "b", "c", "d", "e"];
    const results = await Promise.all(ids.map((id) => api.getSession(id)));
    expect(results.map((r) => r.session.id)).toEqual(ids);
    expect(refreshes()).toBe(1);
    expect(forcedCalls(getToken)).toBe(1);
    expect(seen.filter((a) => a === "Bearer old")).toHaveLength(5);
    expect(seen.filter((a) => a === "Bearer new-1")).toHaveLength(5);
  });

  it("401s arriving one after another still share the refresh", async () => {
    // The first 401 comes back and its refresh completes before the others' 401s arrive.
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/coaching/sessions/:id`, async ({ request, params }) => {
        const auth = request.headers.get("authorization")!;
        seen.push(auth);
        if (auth === "Bearer old") {
          await delay(params.id === "a" ? 0 : 60);
          return HttpResponse.json(errorBody("UNAUTHORIZED"), { status: 401 });
        }
        return HttpResponse.json({ session: session({ id: params.id }) });
      }),
    );
    const { getToken, refreshes } = rotatingToken();
    const { api } = makeClient({ getToken });
    await Promise.all(["a", "b", "c", "d", "e"].map((id) => api.getSession(id)));
    expect(refreshes()).toBe(1);
    expect(seen.filter((a) => a !== "Bearer old")).toEqual(Array(5).fill("Bearer new-1"));
  });

  it("a call started after a refresh uses the refreshed token", async () => {
    const seen = guardedSession(new Set(["new-1"]));
    const { getToken } = rotatingToken();
    const { api } = makeClient({ getToken });
    await api.getSession("a");
    await api.getSession("b");
    expect(seen).toEqual(["Bearer old", "Bearer new-1", "Bearer new-1"]);
  });

  it("a token revoked again later gets a fresh refresh (the shared one is not reused forever)", async () => {
    const valid = new Set(["new-1"]);
    const seen = guardedSession(valid);
    const { getToken, refreshes } = rotatingToken();
    const { api } = makeClient({ getToken });
    await api.getSession("a");
    valid.clear();
    valid.add("new-2");
    await api.getSession("b");
    expect(refreshes()).toBe(2);
    expect(seen).toEqual(["Bearer old", "Bearer new-1", "Bearer new-1", "Bearer new-2"]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { currentSessionResponseSchema, errorBodySchema, sessionResponseSchema, startSessionResponseSchema } from "../../src/contract/index.js";
import type { MockCoachingBackend } from "../../src/testing/index.js";
import { call, fakePeer, newBackend, startSession } from "./support.js";

let backend: MockCoachingBackend;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
  backend = newBackend();
});
afterEach(() => {
  backend.close();
  vi.useRealTimers();
});

describe("sessions through backend.handle", () => {
  it("reports no current session, then the started one with its transcript", async () => {
    const empty = await call(backend, "GET", "/coaching/sessions/current");
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ session: null, conflict: null });

    const started = await call(backend, "POST", "/coaching/sessions", { body: {} });
    expect(started.status).toBe(201);
    const body = startSessionResponseSchema.parse(started.body);
    expect(body.session).toMatchObject({ status: "ACTIVE", messages: [], createdAt: "2030-01-01T00:00:00.000Z" });
    expect(body.abandonedSessionId).toBeNull();

    const current = currentSessionResponseSchema.parse((await call(backend, "GET", "/coaching/sessions/current")).body);
    expect(current.session?.id).toBe(body.session.id);
  });

  it("stamps a unique X-Request-Id on every response, errors included", async () => {
    const a = await call(backend, "GET", "/coaching/sessions/current");
    const b = await call(backend, "GET", "/coaching/sessions/nope");
    const c = await call(backend, "GET", "/no/such/route");
    const ids = [a, b, c].map((r) => r.headers["x-request-id"]);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(c.status).toBe(404);
    expect(errorBodySchema.safeParse(c.body).success).toBe(true);
  });

  it("replaces a session: the old one is ABANDONED with replacedBy and its subscribers hear it", async () => {
    const old = await startSession(backend);
    const socket = fakePeer();
    const connection = backend.acceptSocket(socket.peer);
    connection.receive(JSON.stringify({ type: "auth", token: "t" }));
    connection.receive(JSON.stringify({ type: "subscribe", sessionId: old.id }));

    const res = await call(backend, "POST", "/coaching/sessions", { body: { replaceSessionId: old.id } });
    const body = startSessionResponseSchema.parse(res.body);
    expect(body.abandonedSessionId).toBe(old.id);

    const oldNow = sessionResponseSchema.parse((await call(backend, "GET", `/coaching/sessions/${old.id}`)).body).session;
    expect(oldNow).toMatchObject({ status: "ABANDONED", replacedBy: body.session.id });
    const updated = socket.frames().filter((f) => f.type === "session.updated");
    expect(updated).toHaveLength(1);
    expect(updated[0].session).toMatchObject({ id: old.id, status: "ABANDONED", replacedBy: body.session.id });
  });

  it("refuses to start while another user holds the tenant, with the conflict in the body", async () => {
    const conflict = backend.scenario.setConflict({ heldBy: { displayName: "Dana" } });
    const res = await call(backend, "POST", "/coaching/sessions", { body: {} });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: "TENANT_CONFLICT" }, conflict: { code: "SESSION_HELD_BY_OTHER_USER", heldBy: { displayName: "Dana" } } });
    expect(errorBodySchema.parse(res.body).conflict).toEqual(conflict);
    expect((await call(backend, "GET", "/coaching/sessions/current")).body).toMatchObject({ conflict });

    backend.scenario.setConflict(null);
    expect((await call(backend, "POST", "/coaching/sessions", { body: {} })).status).toBe(201);
  });

  it("pauses, resumes and cancels; refuses transitions out of final states", async () => {
    const { id } = await startSession(backend);
    const pause = await call(backend, "POST", `/coaching/sessions/${id}/pause`);
    expect(pause.status).toBe(200);
    expect((pause.body as any).session.status).toBe("PAUSED");
    expect(((await call(backend, "POST", `/coaching/sessions/${id}/pause`)).body as any).session.status).toBe("PAUSED");
    expect(((await call(backend, "POST", `/coaching/sessions/${id}/resume`)).body as any).session).toMatchObject({ status: "ACTIVE", messages: [] });
    expect(((await call(backend, "POST", `/coaching/sessions/${id}/cancel`)).body as any).session.status).toBe("CANCELLED");

    for (const action of ["resume", "pause"]) {
      const res = await call(backend, "POST", `/coaching/sessions/${id}/${action}`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: { code: "INVALID_TRANSITION" } });
    }
    const current = await call(backend, "GET", "/coaching/sessions/current");
    expect((current.body as any).session).toBeNull();
  });

  it("answers 410 SESSION_EXPIRED for an expired session and 404 for an unknown one", async () => {
    const { id } = await startSession(backend);
    backend.scenario.expireSession(id);
    for (const [method, path] of [["GET", `/coaching/sessions/${id}`], ["POST", `/coaching/sessions/${id}/resume`]] as const) {
      const res = await call(backend, method, path);
      expect(res.status).toBe(410);
      expect(res.body).toMatchObject({ error: { code: "SESSION_EXPIRED" } });
    }
    expect((await call(backend, "GET", "/coaching/sessions/unknown")).status).toBe(404);
    expect(((await call(backend, "GET", "/coaching/sessions/current")).body as any).session).toBeNull();
  });

  it("expires sessions by TTL on the injected clock, and can answer 404 instead of 410", async () => {
    backend.close();
    backend = newBackend({ sessionTtlMs: 60_000, expiredStatus: 404 });
    const session = await startSession(backend);
    expect(session.expiresAt).toBe("2030-01-01T00:01:00.000Z");
    vi.advanceTimersByTime(59_999);
    expect((await call(backend, "GET", `/coaching/sessions/${session.id}`)).status).toBe(200);
    vi.advanceTimersByTime(1);
    const res = await call(backend, "GET", `/coaching/sessions/${session.id}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "SESSION_EXPIRED" } });
  });

  it("validates request bodies with the contract schemas", async () => {
    const wrongType = await call(backend, "POST", "/coaching/sessions", { body: { replaceSessionId: 42 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ error: { code: "VALIDATION_ERROR" } });
    const notJson = await call(backend, "POST", "/coaching/sessions", { body: "{oops" });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: { code: "INVALID_JSON" } });
    expect((await call(backend, "POST", "/coaching/sessions/current")).status).toBe(405);
  });

  it("follows overridden routes and reads full URLs relative to baseUrl", async () => {
    backend.close();
    backend = newBackend({
      baseUrl: "https://api.example.com/v2/",
      routes: { getCurrentSession: () => "/me/session", getSession: (id) => `/s/${encodeURIComponent(id)}` },
    });
    const session = await startSession(backend);
    const current = await backend.handle({ method: "GET", url: "https://api.example.com/v2/me/session" });
    expect((current.body as any).session.id).toBe(session.id);
    const one = await backend.handle({ method: "GET", url: `https://api.example.com/v2/s/${session.id}` });
    expect(one.status).toBe(200);
    expect((await call(backend, "GET", "/coaching/sessions/current")).status).toBe(404);
  });

  it("reports server-side changes: pause and abandon elsewhere", async () => {
    const { id } = await startSession(backend);
    expect(backend.scenario.pauseElsewhere(id).status).toBe("PAUSED");
    expect(backend.scenario.abandonElsewhere(id, "sess_other")).toMatchObject({ status: "ABANDONED", replacedBy: "sess_other" });
    expect(() => backend.scenario.pauseElsewhere(id)).toThrow(/ABANDONED/);
    expect(backend.sessions().map((s) => s.status)).toEqual(["ABANDONED"]);
  });

  it("reset forgets everything but never reuses an id, even on a new backend", async () => {
    const before = await startSession(backend);
    backend.scenario.setConflict();
    backend.reset();
    expect(backend.sessions()).toEqual([]);
    expect(backend.requests).toHaveLength(0);
    expect((await call(backend, "GET", "/coaching/sessions/current")).body).toEqual({ session: null, conflict: null });
    const idNumber = (id: string) => Number(/^sess_(\d+)$/.exec(id)?.[1]);
    const after = await startSession(backend);
    expect(idNumber(after.id)).toBeGreaterThan(idNumber(before.id));
    const other = newBackend();
    expect(idNumber((await startSession(other)).id)).toBeGreaterThan(idNumber(after.id));
    other.close();
  });
});

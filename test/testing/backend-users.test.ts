import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MockCoachingBackend } from "../../src/testing/index.js";
import { call, fakePeer, newBackend } from "./support.js";

// The token is the user id: "alice" and "bob" are two users of one backend.
let backend: MockCoachingBackend;
beforeEach(() => {
  vi.useFakeTimers();
  backend = newBackend({ userOf: (token) => token ?? "anonymous" });
});
afterEach(() => {
  backend.close();
  vi.useRealTimers();
});

const as = (token: string) => ({
  get: (path: string) => call(backend, "GET", path, { token }),
  post: (path: string, body?: unknown, key?: string) => call(backend, "POST", path, { token, body, key }),
  start: async (body: unknown = {}, key?: string) => {
    const res = await call(backend, "POST", "/coaching/sessions", { token, body, key });
    if (res.status !== 201) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as any).session as { id: string };
  },
  send: (sessionId: string, content: string, clientMessageId: string, key = clientMessageId) =>
    call(backend, "POST", `/coaching/sessions/${sessionId}/messages`, { token, body: { content, clientMessageId }, key }),
});
// The default streaming: the scripted reply goes out in 4 chunks before its completion.
const STREAMED = ["job.progress", "job.progress", "job.progress", "job.progress"];
const alice = as("alice");
const bob = as("bob");

/** A socket authenticated as `token`, by first frame or by `?token=`, subscribed to `sessionId`. */
function socketOf(token: string, sessionId: string, via: "frame" | "query" = "frame") {
  const socket = fakePeer();
  const url = via === "query" ? `ws://localhost/coaching?token=${token}` : "ws://localhost/coaching";
  const connection = backend.acceptSocket(socket.peer, { url });
  if (via === "frame") connection.receive(JSON.stringify({ type: "auth", token }));
  connection.receive(JSON.stringify({ type: "subscribe", sessionId }));
  return { ...socket, events: () => socket.frames().filter((frame) => frame.type.includes(".")) };
}

describe("userOf: one backend, many users", () => {
  it("gives each user their own current session", async () => {
    const a = await alice.start();
    expect(((await bob.get("/coaching/sessions/current")).body as any).session).toBeNull();
    const b = await bob.start();
    expect(b.id).not.toBe(a.id);
    expect(((await alice.get("/coaching/sessions/current")).body as any).session.id).toBe(a.id);
    expect(((await bob.get("/coaching/sessions/current")).body as any).session.id).toBe(b.id);
  });

  it("answers 404 to another user's session for every route, and leaves it untouched", async () => {
    const { id } = await alice.start();
    const calls = [
      bob.get(`/coaching/sessions/${id}`),
      bob.post(`/coaching/sessions/${id}/pause`),
      bob.post(`/coaching/sessions/${id}/resume`),
      bob.post(`/coaching/sessions/${id}/cancel`),
      bob.send(id, "let me in", "c-bob"),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: "SESSION_NOT_FOUND" } });
    }
    expect(backend.sessions()).toMatchObject([{ id, status: "ACTIVE", messages: [] }]);
    expect(backend.messagesByClientId("c-bob")).toBe(0);
  });

  it("answers 404, not 410, to another user's expired session and job: existence does not leak", async () => {
    const { id } = await alice.start();
    const { jobId } = (await alice.send(id, "hi", "c-1")).body as any;
    backend.scenario.expireSession(id);
    backend.scenario.expireJob(jobId);
    expect((await alice.get(`/coaching/sessions/${id}`)).status).toBe(410);
    expect((await alice.get(`/coaching/jobs/${jobId}`)).status).toBe(410);
    expect((await bob.get(`/coaching/sessions/${id}`)).status).toBe(404);
    expect((await bob.get(`/coaching/jobs/${jobId}`)).body).toMatchObject({ error: { code: "JOB_NOT_FOUND" } });
  });

  it("keeps another user's job hidden while it runs and once it is done", async () => {
    const { id } = await alice.start();
    const { jobId } = (await alice.send(id, "hi", "c-1")).body as any;
    expect((await bob.get(`/coaching/jobs/${jobId}`)).status).toBe(404);
    await vi.advanceTimersByTimeAsync(20);
    expect(((await alice.get(`/coaching/jobs/${jobId}`)).body as any).status).toBe("COMPLETED");
    const res = await bob.get(`/coaching/jobs/${jobId}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "JOB_NOT_FOUND" } });
  });

  it("replaces only the caller's own session: another user's is 404 and nothing starts", async () => {
    const a = await alice.start();
    const refused = await bob.post("/coaching/sessions", { replaceSessionId: a.id });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ error: { code: "SESSION_NOT_FOUND" } });
    expect(backend.sessions()).toMatchObject([{ id: a.id, status: "ACTIVE", replacedBy: null }]);

    const b = await bob.start();
    const replaced = await bob.post("/coaching/sessions", { replaceSessionId: b.id });
    expect(replaced.status).toBe(201);
    expect((replaced.body as any).abandonedSessionId).toBe(b.id);
    expect(backend.sessions({ user: "bob" }).map((s) => s.status)).toEqual(["ABANDONED", "ACTIVE"]);
    expect(backend.sessions({ user: "alice" }).map((s) => s.status)).toEqual(["ACTIVE"]);
  });

  it("keeps Idempotency-Keys per user: the same key never replays another user's response", async () => {
    const a = await alice.start({}, "key-1");
    const b = await bob.start({}, "key-1");
    expect(b.id).not.toBe(a.id);
    expect((await alice.start({}, "key-1")).id).toBe(a.id);
    // Another body under bob's key is bob's reuse only; alice's record of the key is untouched.
    expect((await bob.post("/coaching/sessions", { replaceSessionId: b.id }, "key-1")).status).toBe(422);
    expect((await alice.send(a.id, "hello", "c-a", "key-2")).status).toBe(202);
    expect((await bob.send(b.id, "other text", "c-b", "key-2")).status).toBe(202);
    expect(backend.jobs({ user: "alice" })).toHaveLength(1);
    expect(backend.jobs({ user: "bob" })).toHaveLength(1);
  });

  it("sends a socket no events for another user's session, whether it authenticated by frame or by query", async () => {
    const { id } = await alice.start();
    const owner = socketOf("alice", id);
    const ownerByQuery = socketOf("alice", id, "query");
    const intruder = socketOf("bob", id);
    const intruderByQuery = socketOf("bob", id, "query");
    // Acknowledged like any unknown id, so the subscription itself reveals nothing.
    expect(intruder.frames()).toEqual([{ type: "ready" }, { type: "subscribed", sessionId: id }]);

    await alice.send(id, "hi", "c-1");
    await vi.advanceTimersByTimeAsync(20);
    await alice.post(`/coaching/sessions/${id}/pause`);
    for (const socket of [owner, ownerByQuery]) expect(socket.events().map((e) => e.type)).toEqual([...STREAMED, "job.completed", "session.updated"]);
    for (const socket of [intruder, intruderByQuery]) {
      expect(socket.events()).toEqual([]);
      expect(socket.closes).toEqual([]);
    }
  });

  it("closes only the owner's subscribers when a session expires with closeSockets", async () => {
    const { id } = await alice.start();
    const owner = socketOf("alice", id);
    const intruder = socketOf("bob", id);
    backend.scenario.expireSession(id, { closeSockets: true });
    expect(owner.closes[0]?.code).toBe(1008);
    expect(intruder.closes).toEqual([]);
  });

  it("narrows the inspection helpers by user and names the caller in the request log", async () => {
    const a = await alice.start();
    const b = await bob.start();
    await alice.send(a.id, "same id", "c-shared");
    await bob.send(b.id, "same id", "c-shared");
    expect(backend.sessions().map((s) => s.id)).toEqual([a.id, b.id]);
    expect(backend.sessions({ user: "bob" }).map((s) => s.id)).toEqual([b.id]);
    expect(backend.sessions({ user: "nobody" })).toEqual([]);
    expect(backend.jobs({ user: "alice" }).map((j) => j.sessionId)).toEqual([a.id]);
    expect(backend.messagesByClientId("c-shared")).toBe(2);
    expect(backend.messagesByClientId("c-shared", { user: "alice" })).toBe(1);
    expect(backend.requests.map((r) => r.user)).toEqual(["alice", "bob", "alice", "bob"]);
  });

  it("asks userOf about valid tokens only, with null for a call without Authorization", async () => {
    backend.close();
    const seen: (string | null)[] = [];
    backend = newBackend({ isTokenValid: (t) => t !== "bad", userOf: (token) => (seen.push(token), token ?? "anonymous") });
    await call(backend, "GET", "/coaching/sessions/current", { token: null });
    expect((await call(backend, "GET", "/coaching/sessions/current", { token: "bad" })).status).toBe(401);
    await call(backend, "GET", "/coaching/sessions/current", { token: "alice" });
    backend.acceptSocket(fakePeer().peer, { url: "ws://localhost/coaching?token=bob" });
    backend.acceptSocket(fakePeer().peer).receive(JSON.stringify({ type: "auth", token: "bad" }));
    backend.acceptSocket(fakePeer().peer).receive(JSON.stringify({ type: "auth", token: "carol" }));
    expect(seen).toEqual([null, "alice", "bob", "carol"]);
    expect(backend.requests.map((r) => r.user)).toEqual(["anonymous", null, "alice"]);
  });

  it("keeps the knobs working across users: pauseElsewhere reaches the owner, a conflict every user", async () => {
    const { id } = await alice.start();
    const owner = socketOf("alice", id);
    expect(backend.scenario.pauseElsewhere(id).status).toBe("PAUSED");
    expect(owner.events().map((e) => e.session.status)).toEqual(["PAUSED"]);
    const conflict = backend.scenario.setConflict();
    expect((await bob.get("/coaching/sessions/current")).body).toMatchObject({ session: null, conflict });
    expect((await bob.post("/coaching/sessions", {})).status).toBe(409);
  });
});

describe("without userOf every caller is one user (the default)", () => {
  it("shares sessions, jobs, idempotency keys and socket events across tokens", async () => {
    backend.close();
    backend = newBackend();
    const { id } = await alice.start({}, "key-1");
    expect(((await bob.get("/coaching/sessions/current")).body as any).session.id).toBe(id);
    expect((await bob.start({}, "key-1")).id).toBe(id);
    const socket = socketOf("bob", id);
    const { jobId } = (await bob.send(id, "hi", "c-1")).body as any;
    expect((await alice.get(`/coaching/jobs/${jobId}`)).status).toBe(200);
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.events().map((e) => e.type)).toEqual([...STREAMED, "job.completed"]);
    expect(backend.sessions({ user: "user" }).map((s) => s.id)).toEqual([id]);
    expect(backend.requests.every((r) => r.user === "user")).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseServerFrame } from "../../src/contract/index.js";
import type { MockCoachingBackend } from "../../src/testing/index.js";
import { fakePeer, newBackend, sendMessage, startSession } from "./support.js";

let backend: MockCoachingBackend;
beforeEach(() => {
  vi.useFakeTimers();
  backend = newBackend({ isTokenValid: (token) => token !== "bad" });
});
afterEach(() => {
  backend.close();
  vi.useRealTimers();
});

/** A socket that authenticated and subscribed to the session. */
function subscribed(sessionId: string, options: { withTerminate?: boolean } = {}) {
  const socket = fakePeer(options);
  const connection = backend.acceptSocket(socket.peer);
  connection.receive(JSON.stringify({ type: "auth", token: "good" }));
  connection.receive(JSON.stringify({ type: "subscribe", sessionId }));
  const events = () => socket.frames().filter((frame) => frame.type.includes("."));
  /** Events other than streamed chunks: what a v1 client acts on. */
  const v1Events = () => events().filter((frame) => frame.type !== "job.progress");
  return { ...socket, connection, events, v1Events };
}

describe("socket protocol", () => {
  it("answers auth, subscribe and ping with frames the SDK parses", () => {
    const socket = fakePeer();
    const connection = backend.acceptSocket(socket.peer, { url: "ws://localhost/coaching" });
    connection.receive(JSON.stringify({ type: "auth", token: "good" }));
    connection.receive(JSON.stringify({ type: "subscribe", sessionId: "sess_9" }));
    connection.receive(JSON.stringify({ type: "ping" }));
    connection.receive("not json, ignored after auth");
    expect(socket.frames()).toEqual([{ type: "ready" }, { type: "subscribed", sessionId: "sess_9" }, { type: "pong" }]);
    expect(socket.sent.map((raw) => parseServerFrame(raw).kind)).toEqual(["frame", "frame", "frame"]);
    expect(backend.socketCount()).toBe(1);
    connection.closed();
    expect(backend.socketCount()).toBe(0);
  });

  it("closes with 4401 on a bad token or when the first frame is not auth", () => {
    for (const first of [{ type: "auth", token: "bad" }, { type: "ping" }]) {
      const socket = fakePeer();
      backend.acceptSocket(socket.peer).receive(JSON.stringify(first));
      expect(socket.closes).toEqual([{ code: 4401, reason: expect.any(String) }]);
    }
    expect(backend.socketCount()).toBe(0);
  });

  it("takes the token from the URL query instead", () => {
    const good = fakePeer();
    backend.acceptSocket(good.peer, { url: "ws://localhost/coaching?token=good" });
    expect(good.frames()).toEqual([{ type: "ready" }]);
    const bad = fakePeer();
    backend.acceptSocket(bad.peer, { url: "ws://localhost/coaching?token=bad" });
    expect(bad.closes[0]?.code).toBe(4401);
    expect(backend.socketCount()).toBe(1);
  });

  it("closes with 1009 on a frame over 32 KB", () => {
    const socket = fakePeer();
    const connection = backend.acceptSocket(socket.peer);
    connection.receive(JSON.stringify({ type: "auth", token: "good" }));
    connection.receive(JSON.stringify({ type: "ping", pad: "é".repeat(17_000) }));
    expect(socket.closes[0]?.code).toBe(1009);
  });

  it("pushes job.completed only to sockets subscribed to the session, each event with a unique eventId", async () => {
    const { id } = await startSession(backend);
    const mine = subscribed(id);
    const other = subscribed("sess_other");
    const unauthed = fakePeer();
    backend.acceptSocket(unauthed.peer);
    const first = (await sendMessage(backend, id, "a", "c-a")).body as { jobId: string };
    await sendMessage(backend, id, "b", "c-b");
    await vi.advanceTimersByTimeAsync(20);

    const events = mine.v1Events();
    expect(events.map((e) => e.type)).toEqual(["job.completed", "job.completed"]);
    expect(new Set(mine.events().map((e) => e.eventId)).size).toBe(mine.events().length);
    expect(events[0]).toMatchObject({ sessionId: id, jobId: first.jobId, result: { reply: { role: "coach" } } });
    // job.progress is v1.1, not in the SDK's schemas yet; backend-streaming.test.ts checks its shape.
    const v1Frames = mine.sent.filter((raw) => JSON.parse(raw).type !== "job.progress");
    expect(v1Frames.every((raw) => parseServerFrame(raw).kind === "frame")).toBe(true);
    expect(other.events()).toEqual([]);
    expect(unauthed.sent).toEqual([]);
  });

  it("pushes job.failed and session.updated (final turn, pause elsewhere)", async () => {
    backend.close();
    backend = newBackend({ turnsUntilFinal: 2 });
    const { id } = await startSession(backend);
    const socket = subscribed(id);
    backend.faults.failJobs();
    await sendMessage(backend, id, "a", "c-a");
    await vi.advanceTimersByTimeAsync(20);
    backend.scenario.pauseElsewhere(id);
    await backend.handle({ method: "POST", path: `/coaching/sessions/${id}/resume` });
    await sendMessage(backend, id, "b", "c-b");
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.v1Events().map((e) => [e.type, e.session?.status ?? e.result?.isFinal ?? e.error?.code])).toEqual([
      ["job.failed", "COACH_UNAVAILABLE"],
      ["session.updated", "PAUSED"],
      ["session.updated", "ACTIVE"],
      ["job.completed", true],
      ["session.updated", "COMPLETED"],
    ]);
  });

  it("duplicates, reorders and drops events on request", async () => {
    const { id } = await startSession(backend);
    const socket = subscribed(id);
    backend.faults.duplicateEvents();
    backend.scenario.pauseElsewhere(id);
    const [a, b] = socket.events();
    expect(a.eventId).toBe(b.eventId);

    backend.faults.duplicateEvents(false);
    backend.faults.reorderEvents(true, 30);
    await backend.handle({ method: "POST", path: `/coaching/sessions/${id}/resume` });
    await backend.handle({ method: "POST", path: `/coaching/sessions/${id}/pause` });
    expect(socket.events()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(30);
    expect(socket.events().slice(2).map((e) => e.session.status)).toEqual(["PAUSED", "ACTIVE"]);

    backend.faults.reorderEvents(false);
    backend.faults.dropEvents();
    await backend.handle({ method: "POST", path: `/coaching/sessions/${id}/resume` });
    expect(socket.events()).toHaveLength(4);
  });

  it("sends a malformed frame, drops sockets abruptly or with a code, and closes expired sessions' subscribers with 1008", async () => {
    const { id } = await startSession(backend);
    const a = subscribed(id, { withTerminate: true });
    const b = subscribed(id);
    backend.faults.sendMalformedFrame();
    expect(parseServerFrame(a.sent.at(-1)).kind).toBe("invalid");
    backend.faults.dropSockets();
    expect(a.terminated()).toBe(true);
    expect(b.closes).toEqual([{ code: 1006, reason: expect.any(String) }]);
    expect(backend.socketCount()).toBe(0);

    const c = subscribed(id);
    const d = subscribed("elsewhere");
    backend.scenario.expireSession(id, { closeSockets: true });
    expect(c.closes[0]?.code).toBe(1008);
    expect(d.closes).toEqual([]);
    backend.faults.dropSockets(1012);
    expect(d.closes[0]?.code).toBe(1012);
  });

  it("reset closes sockets with 1012 and close with 1001", async () => {
    const first = subscribed("x");
    backend.reset();
    expect(first.closes[0]?.code).toBe(1012);
    const second = subscribed("x");
    backend.close();
    expect(second.closes[0]?.code).toBe(1001);
  });
});

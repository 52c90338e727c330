import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startMockCoachingServer, type MockCoachingServer } from "../../src/testing/server/index.js";
import { recordSocket } from "./socket-client.js";
import { waitFor } from "./support.js";

let server: MockCoachingServer;
beforeEach(async () => {
  server = await startMockCoachingServer({ processingDelayMs: 5 });
});
afterEach(async () => {
  await server.close();
});

const admin = async (command: string, body: unknown = {}) => {
  const res = await fetch(`${server.adminUrl}/${command}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { headers: { "content-type": "application/json" }, ...init });
const start = async () => (await (await api("/coaching/sessions", { method: "POST", body: "{}" })).json()).session;

describe("the /__admin API drives the same knobs", () => {
  it("setConflict sets and clears the tenant conflict", async () => {
    const { body } = await admin("setConflict", { conflict: { heldBy: { displayName: "Sam" } } });
    expect(body.conflict).toMatchObject({ code: "SESSION_HELD_BY_OTHER_USER", heldBy: { displayName: "Sam" } });
    expect((await api("/coaching/sessions", { method: "POST", body: "{}" })).status).toBe(409);
    await admin("setConflict", { conflict: null });
    expect((await api("/coaching/sessions", { method: "POST", body: "{}" })).status).toBe(201);
  });

  it("failNext with an HTML body, for one route", async () => {
    await admin("failNext", { status: 502, body: "<h1>proxy</h1>", route: "getCurrentSession" });
    const res = await api("/coaching/sessions/current");
    expect(res.status).toBe(502);
    expect(await res.text()).toBe("<h1>proxy</h1>");
    expect((await api("/coaching/sessions/current")).status).toBe(200);
  });

  it("expireSession, pauseElsewhere and config, and state shows the result", async () => {
    const a = await start();
    expect((await admin("pauseElsewhere", { sessionId: a.id })).body.session.status).toBe("PAUSED");
    await admin("expireSession", { sessionId: a.id });
    expect((await api(`/coaching/sessions/${a.id}`)).status).toBe(410);

    await admin("config", { turnsUntilFinal: 1, processingDelayMs: 0 });
    const b = await start();
    await api(`/coaching/sessions/${b.id}/messages`, { method: "POST", body: JSON.stringify({ content: "x", clientMessageId: "c" }) });
    const state = await (await fetch(`${server.adminUrl}/state`)).json();
    expect(state.sessions.map((s: any) => s.id)).toEqual([a.id, b.id]);
    expect(state.requests.length).toBeGreaterThan(0);
    expect(typeof state.socketCount).toBe("number");
  });

  it("dropEvents, duplicateEvents and dropSockets reach the sockets", async () => {
    const session = await start();
    const socket = recordSocket(new WebSocket(`${server.socketUrl}?token=t`));
    await socket.subscribe(session.id);

    await admin("duplicateEvents");
    await api(`/coaching/sessions/${session.id}/pause`, { method: "POST" });
    await socket.frame((f) => f.type === "session.updated");
    await admin("duplicateEvents", { on: false });
    await admin("dropEvents");
    await api(`/coaching/sessions/${session.id}/resume`, { method: "POST" });
    await admin("dropSockets", { code: 1012 });
    expect((await socket.closed()).code).toBe(1012);
    const updates = socket.frames.filter((f) => f.type === "session.updated");
    expect(updates).toHaveLength(2);
    expect(updates[0].eventId).toBe(updates[1].eventId);
  });

  it("config turns streaming off and on; event faults aim at progress frames", async () => {
    const session = await start();
    const socket = recordSocket(new WebSocket(`${server.socketUrl}?token=t`));
    await socket.subscribe(session.id);
    const progressOf = (jobId: string) => socket.frames.filter((f) => f.type === "job.progress" && f.jobId === jobId).map((f) => f.seq);
    /** Sends a message and waits for its completion; the job's chunks seen by then. */
    const send = async (clientMessageId: string) => {
      const res = await api(`/coaching/sessions/${session.id}/messages`, { method: "POST", body: JSON.stringify({ content: "x y z w", clientMessageId }) });
      const { jobId } = await res.json();
      await socket.frame((f) => f.type === "job.completed" && f.jobId === jobId);
      return { jobId, seqs: progressOf(jobId) };
    };

    expect((await admin("config", { streaming: false, turnsUntilFinal: 10 })).status).toBe(200);
    expect((await send("c-off")).seqs).toEqual([]);
    await admin("config", { streaming: { chunkCount: 2 } });
    expect((await send("c-two")).seqs).toEqual([1, 2]);
    await admin("dropEvents", { events: "progress" });
    expect((await send("c-dropped")).seqs).toEqual([]);
    await admin("dropEvents", { on: false });
    // Chunks are held for 30 ms, the completion is not: it comes first, then the chunks newest first.
    await admin("reorderEvents", { events: "progress", windowMs: 30 });
    const reordered = await send("c-reordered");
    expect(reordered.seqs).toEqual([]);
    await waitFor(() => progressOf(reordered.jobId).length === 2);
    expect(progressOf(reordered.jobId)).toEqual([2, 1]);
    socket.close();

    expect((await admin("config", { streaming: { chunkCount: "many" } })).body.error.code).toBe("ADMIN_COMMAND_FAILED");
    expect((await admin("dropEvents", { events: "chunks" })).status).toBe(400);
  });

  it("seedSession seeds a session the API then returns", async () => {
    const { status, body } = await admin("seedSession", { status: "PAUSED", messages: [{ role: "user", content: "hi" }], lastActivityAt: "2030-01-01T00:00:00Z" });
    expect(status).toBe(200);
    expect(body.session).toMatchObject({ status: "PAUSED", lastActivityAt: "2030-01-01T00:00:00.000Z" });
    expect((await (await api("/coaching/sessions/current")).json()).session.id).toBe(body.session.id);
    expect((await admin("seedSession", { messages: [{ role: "robot", content: "x" }] })).status).toBe(400);
  });

  it("reset forgets state; bad input and unknown commands are refused", async () => {
    await start();
    await admin("reset");
    expect((await (await fetch(`${server.adminUrl}/state`)).json()).sessions).toEqual([]);
    expect((await admin("failNext", {})).status).toBe(400);
    expect((await admin("expireSession", { sessionId: "nope" })).status).toBe(400);
    const unknown = await admin("explode");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("setConflict");
  });
});

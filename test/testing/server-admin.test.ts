import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startMockCoachingServer, type MockCoachingServer } from "../../src/testing/server/index.js";
import { recordSocket } from "./socket-client.js";

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
    await socket.frame((f) => f.type === "ready");
    socket.send({ type: "subscribe", sessionId: session.id });
    await socket.frame((f) => f.type === "subscribed");

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

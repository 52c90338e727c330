import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setupMockCoaching } from "../../src/testing/server/index.js";
import { recordSocket } from "./socket-client.js";
import { waitFor } from "./support.js";

const BASE = "https://api.example.test/v1";
const SOCKET = "wss://ws.example.test/coaching";
const mock = setupMockCoaching({ baseUrl: BASE, socketUrl: SOCKET, processingDelayMs: 5, isTokenValid: (t) => t === "good" });
const opened: WebSocket[] = [];
beforeAll(() => mock.listen({ onUnhandled: "error" }));
afterEach(() => {
  for (const socket of opened.splice(0)) socket.close();
  mock.reset();
});
afterAll(() => mock.close());

function connect(url = SOCKET) {
  const socket = new WebSocket(url);
  opened.push(socket);
  return recordSocket(socket);
}

const post = (path: string, body: unknown) =>
  fetch(`${BASE}${path}`, { method: "POST", headers: { authorization: "Bearer good", "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());

describe("msw ws adapter with the global WebSocket", () => {
  it("authenticates, subscribes and receives job.completed for a message sent over msw http", async () => {
    const { session } = await post("/coaching/sessions", {});
    const socket = connect();
    await socket.opened();
    socket.send({ type: "auth", token: "good" });
    await socket.frame((f) => f.type === "ready");
    socket.send({ type: "subscribe", sessionId: session.id });
    await socket.frame((f) => f.type === "subscribed");
    socket.send({ type: "ping" });
    await socket.frame((f) => f.type === "pong");
    expect(mock.backend.socketCount()).toBe(1);

    const { jobId } = await post(`/coaching/sessions/${session.id}/messages`, { content: "hi", clientMessageId: "c-1" });
    const event = await socket.frame((f) => f.type === "job.completed");
    expect(event).toMatchObject({ jobId, sessionId: session.id, eventId: expect.any(String), result: { reply: { role: "coach" } } });
  });

  it("streams job.progress frames, and applies progress faults (a dropped and duplicated chunks)", async () => {
    const { session } = await post("/coaching/sessions", {});
    const socket = connect(`${SOCKET}?token=good`);
    await socket.subscribe(session.id);

    const { jobId } = await post(`/coaching/sessions/${session.id}/messages`, { content: "first", clientMessageId: "c-1" });
    const completed = await socket.frame((f) => f.type === "job.completed" && f.jobId === jobId);
    const chunks = socket.frames.filter((f) => f.type === "job.progress" && f.jobId === jobId);
    expect(chunks.map((f) => f.seq)).toEqual([1, 2, 3, 4]);
    expect(chunks.map((f) => f.delta).join("")).toBe(completed.result.reply.content);

    mock.backend.faults.dropEvents(true, { seqs: [2] });
    mock.backend.faults.duplicateEvents(true, { events: "progress" });
    const second = await post(`/coaching/sessions/${session.id}/messages`, { content: "second", clientMessageId: "c-2" });
    await socket.frame((f) => f.type === "job.completed" && f.jobId === second.jobId);
    expect(socket.frames.filter((f) => f.type === "job.progress" && f.jobId === second.jobId).map((f) => f.seq)).toEqual([1, 1, 3, 3, 4, 4]);
  });

  it("closes with 4401 on a bad token", async () => {
    const socket = connect();
    await socket.opened();
    socket.send({ type: "auth", token: "bad" });
    expect((await socket.closed()).code).toBe(4401);
  });

  it("accepts the token in the query string", async () => {
    const socket = connect(`${SOCKET}?token=good`);
    expect(await socket.frame((f) => f.type === "ready")).toEqual({ type: "ready" });
  });

  it("drops sockets: the client sees 1006 and the backend forgets them", async () => {
    const socket = connect();
    await socket.opened();
    socket.send({ type: "auth", token: "good" });
    await socket.frame((f) => f.type === "ready");
    mock.backend.faults.dropSockets();
    expect((await socket.closed()).code).toBe(1006);
    expect(mock.backend.socketCount()).toBe(0);
  });

  it("notices a client-side close", async () => {
    const socket = connect();
    await socket.opened();
    socket.send({ type: "auth", token: "good" });
    await socket.frame((f) => f.type === "ready");
    socket.close();
    await waitFor(() => mock.backend.socketCount() === 0);
  });
});

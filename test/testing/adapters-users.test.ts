import { setupServer } from "msw/node";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createCoachingClient } from "../../src/api/index.js";
import { ExpiredError } from "../../src/errors/index.js";
import { silentLogger } from "../../src/shared/logger.js";
import { createMockCoachingBackend, createMswHandlers, createMswSocketHandler, type MockCoachingBackend } from "../../src/testing/index.js";
import { startMockCoachingServer, type MockCoachingServer } from "../../src/testing/server/index.js";
import { recordSocket } from "./socket-client.js";
import { failOnUnhandled } from "./support.js";

// Both adapters hand the socket's token (first frame or `?token=`) and the HTTP headers to the
// model unchanged; `userOf` sees them and scopes by user there.
const userOf = (token: string | null) => token ?? "anonymous";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Alice (`?token=`) and Bob (auth frame) subscribe to Alice's session; only Alice hears of it. */
async function onlyOwnerHearsEvents(backend: MockCoachingBackend, baseUrl: string, socketUrl: string, Socket: typeof globalThis.WebSocket) {
  const post = (token: string, path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const { session } = await (await post("alice", "/coaching/sessions", {})).json();
  expect((await fetch(`${baseUrl}/coaching/sessions/${session.id}`, { headers: { authorization: "Bearer bob" } })).status).toBe(404);

  const alice = recordSocket(new Socket(`${socketUrl}?token=alice`));
  cleanups.push(() => alice.close());
  await alice.frame((f) => f.type === "ready");
  const bob = recordSocket(new Socket(socketUrl));
  cleanups.push(() => bob.close());
  await bob.opened();
  bob.send({ type: "auth", token: "bob" });
  await bob.frame((f) => f.type === "ready");
  for (const socket of [alice, bob]) {
    socket.send({ type: "subscribe", sessionId: session.id });
    await socket.frame((f) => f.type === "subscribed");
  }

  expect((await post("alice", `/coaching/sessions/${session.id}/messages`, { content: "hi", clientMessageId: "c-1" })).status).toBe(202);
  await alice.frame((f) => f.type === "job.completed");
  // Frames on one socket arrive in order: had Bob been sent the event, it would precede the pong.
  bob.send({ type: "ping" });
  await bob.frame((f) => f.type === "pong");
  expect(bob.frames.map((f) => f.type)).toEqual(["ready", "subscribed", "pong"]);
  expect(backend.requests.map((r) => r.user)).toEqual(["alice", "bob", "alice"]);
}

describe("userOf through the adapters", () => {
  it("the real server passes HTTP tokens and both socket auth modes to userOf", async () => {
    const server: MockCoachingServer = await startMockCoachingServer({ processingDelayMs: 5, userOf });
    cleanups.push(() => server.close());
    await onlyOwnerHearsEvents(server.backend, server.url, server.socketUrl, WebSocket as unknown as typeof globalThis.WebSocket);
  });

  it("the msw adapters do the same", async () => {
    const backend = createMockCoachingBackend({ baseUrl: "https://api.users.test/v1", socketUrl: "wss://ws.users.test/coaching", processingDelayMs: 5, userOf });
    const msw = setupServer(...createMswHandlers(backend), createMswSocketHandler(backend));
    msw.listen(failOnUnhandled);
    cleanups.push(() => backend.close(), () => msw.close());
    await onlyOwnerHearsEvents(backend, backend.baseUrl, backend.socketUrl, globalThis.WebSocket);
  });

  it("serves two SDK clients with their own tokens from one server", async () => {
    const server = await startMockCoachingServer({ processingDelayMs: 5, userOf });
    cleanups.push(() => server.close());
    const clientOf = (token: string) => createCoachingClient({ baseUrl: server.url, getToken: () => token, logger: silentLogger }).api;
    const [alice, bob] = [clientOf("alice"), clientOf("bob")];
    const { session } = await alice.startSession();
    expect((await bob.getCurrentSession()).session).toBeNull();
    // To Bob, Alice's session is one that does not exist: the SDK reads the 404 as "gone".
    const error = await bob.pauseSession(session.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExpiredError);
    expect(error).toMatchObject({ resource: "session", status: 404 });
    expect((await alice.getCurrentSession()).session?.id).toBe(session.id);
  });
});

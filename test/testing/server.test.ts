import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createCoachingClient } from "../../src/api/index.js";
import { silentLogger } from "../../src/shared/logger.js";
import { createMockCoachingBackend } from "../../src/testing/index.js";
import { startMockCoachingServer, type MockCoachingServer } from "../../src/testing/server/index.js";
import { recordSocket } from "./socket-client.js";
import { waitFor } from "./support.js";

let server: MockCoachingServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const json = { authorization: "Bearer t", "content-type": "application/json" };

describe("startMockCoachingServer", () => {
  it("binds 127.0.0.1 on a free port and serves the API with X-Request-Id", async () => {
    server = await startMockCoachingServer({ processingDelayMs: 5 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/api`);
    expect(server.socketUrl).toBe(`ws://127.0.0.1:${server.port}/coaching`);
    expect(server.port).toBeGreaterThan(0);

    const res = await fetch(`${server.url}/coaching/sessions`, { method: "POST", headers: json, body: "{}" });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect((await res.json()).session.status).toBe("ACTIVE");
    expect((await fetch(`http://127.0.0.1:${server.port}/elsewhere`)).status).toBe(404);
  });

  it("answers CORS preflights and exposes the headers the SDK reads", async () => {
    server = await startMockCoachingServer();
    const preflight = await fetch(`${server.url}/coaching/sessions`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization,idempotency-key,content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("idempotency-key");
    const res = await fetch(`${server.url}/coaching/sessions/current`, { headers: { origin: "http://localhost:5173" } });
    expect(res.headers.get("access-control-expose-headers")).toContain("x-request-id");
    expect(res.headers.get("access-control-expose-headers")).toContain("retry-after");
  });

  it("runs the socket protocol over a real ws connection, with events from real HTTP calls", async () => {
    server = await startMockCoachingServer({ processingDelayMs: 5 });
    const { session } = await (await fetch(`${server.url}/coaching/sessions`, { method: "POST", headers: json, body: "{}" })).json();
    const socket = recordSocket(new WebSocket(server.socketUrl));
    await socket.opened();
    socket.send({ type: "auth", token: "t" });
    await socket.frame((f) => f.type === "ready");
    socket.send({ type: "subscribe", sessionId: session.id });
    await socket.frame((f) => f.type === "subscribed");

    const body = JSON.stringify({ content: "hello", clientMessageId: "c-1" });
    const sent = await (await fetch(`${server.url}/coaching/sessions/${session.id}/messages`, { method: "POST", headers: { ...json, "idempotency-key": "k" }, body })).json();
    const event = await socket.frame((f) => f.type === "job.completed");
    expect(event.jobId).toBe(sent.jobId);
    socket.close();
  });

  it("streams job.progress over a real ws connection, shows `partial` and stops a reply over real HTTP", async () => {
    // Chunks every 100 ms once PROCESSING (at 20 ms): the reply would need seconds to finish.
    server = await startMockCoachingServer({ processingDelayMs: 40, streaming: { chunkCount: 50, chunkIntervalMs: 100 } });
    const { session } = await (await fetch(`${server.url}/coaching/sessions`, { method: "POST", headers: json, body: "{}" })).json();
    const socket = recordSocket(new WebSocket(`${server.socketUrl}?token=t`));
    await socket.subscribe(session.id);

    const body = JSON.stringify({ content: "hello there", clientMessageId: "c-1" });
    const { jobId } = await (await fetch(`${server.url}/coaching/sessions/${session.id}/messages`, { method: "POST", headers: json, body })).json();
    const first = await socket.frame((f) => f.type === "job.progress");
    expect(first).toMatchObject({ jobId, sessionId: session.id, seq: 1, delta: expect.any(String), eventId: expect.any(String) });
    const polled = await (await fetch(`${server.url}/coaching/jobs/${jobId}`, { headers: json })).json();
    expect(polled.partial.text.startsWith(first.delta)).toBe(true);

    const stop = await fetch(`${server.url}/coaching/jobs/${jobId}/cancel`, { method: "POST", headers: { ...json, "idempotency-key": "stop" } });
    const stopped = await stop.json();
    expect(stopped).toMatchObject({ status: "COMPLETED", result: { stopped: true, isFinal: false } });
    const completed = await socket.frame((f) => f.type === "job.completed");
    expect(completed.result).toEqual(stopped.result);
    const streamed = socket.frames.filter((f) => f.type === "job.progress").map((f) => f.delta).join("");
    expect(stopped.result.reply.content).toBe(streamed);
    socket.close();
  });

  it("drops sockets abruptly (1006 on the client) and refuses a 32 KB+ frame with 1009", async () => {
    server = await startMockCoachingServer();
    const a = recordSocket(new WebSocket(`${server.socketUrl}?token=t`));
    await a.frame((f) => f.type === "ready");
    server.backend.faults.dropSockets();
    expect((await a.closed()).code).toBe(1006);

    const b = recordSocket(new WebSocket(`${server.socketUrl}?token=t`));
    await b.frame((f) => f.type === "ready");
    b.send({ type: "ping", pad: "x".repeat(40_000) });
    expect((await b.closed()).code).toBe(1009);
    await waitFor(() => server!.backend.socketCount() === 0);
  });

  it("turns a network fault into a failed fetch", async () => {
    server = await startMockCoachingServer();
    server.backend.faults.networkErrorNext();
    await expect(fetch(`${server.url}/coaching/sessions/current`)).rejects.toThrow();
    expect((await fetch(`${server.url}/coaching/sessions/current`)).status).toBe(200);
  });

  it("serves the SDK client end to end, reusing a backend passed in", async () => {
    const backend = createMockCoachingBackend({ processingDelayMs: 5, turnsUntilFinal: 1 });
    server = await startMockCoachingServer({ backend });
    expect(server.backend).toBe(backend);
    const { api } = createCoachingClient({ baseUrl: server.url, getToken: () => "t", logger: silentLogger });
    const { session } = await api.startSession();
    const { jobId } = await api.sendMessage(session.id, { content: "hi", clientMessageId: "c-1" });
    const job = await waitFor(async () => {
      const { job } = await api.getJob(jobId);
      return job.status === "COMPLETED" ? job : null;
    });
    expect(job.result?.isFinal).toBe(true);
    await server.close();
    server = null;
    // A backend passed in stays usable: the caller owns it.
    expect(backend.sessions()).toHaveLength(1);
    backend.close();
  });

  it("close() terminates open sockets, frees the port and can be called twice", async () => {
    server = await startMockCoachingServer();
    const socket = recordSocket(new WebSocket(`${server.socketUrl}?token=t`));
    await socket.frame((f) => f.type === "ready");
    const { url } = server;
    await Promise.all([server.close(), server.close()]);
    server = null;
    expect((await socket.closed()).code).toBe(1006);
    await expect(fetch(`${url}/coaching/sessions/current`)).rejects.toThrow();
  });
});

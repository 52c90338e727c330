import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCoachingClient, type CoachingClient } from "../../src/api/index.js";
import { HttpError } from "../../src/errors/index.js";
import { silentLogger } from "../../src/shared/logger.js";
import { createMockCoachingBackend, createMswHandlers } from "../../src/testing/index.js";
import { failOnUnhandled, waitFor } from "./support.js";

const BASE = "https://api.example.test/v1";
const backend = createMockCoachingBackend({ baseUrl: BASE, processingDelayMs: 5 });
const server = setupServer(...createMswHandlers(backend));
beforeAll(() => server.listen(failOnUnhandled));
afterEach(() => {
  server.resetHandlers();
  backend.reset();
});
afterAll(() => {
  server.close();
  backend.close();
});

const headers = { authorization: "Bearer t", "content-type": "application/json" };

describe("msw http adapter with plain fetch", () => {
  it("starts a session, sends a message and polls the job to completion", async () => {
    const start = await fetch(`${BASE}/coaching/sessions`, { method: "POST", headers, body: "{}" });
    expect(start.status).toBe(201);
    expect(start.headers.get("x-request-id")).toMatch(/^req_/);
    const { session } = await start.json();

    const send = await fetch(`${BASE}/coaching/sessions/${session.id}/messages`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": "k-1" },
      body: JSON.stringify({ content: "hello", clientMessageId: "c-1" }),
    });
    expect(send.status).toBe(202);
    const { jobId } = await send.json();

    const first = await fetch(`${BASE}/coaching/jobs/${jobId}`, { headers });
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await first.json()).status).toBe("QUEUED");
    const done = await waitFor(async () => {
      const job = await (await fetch(`${BASE}/coaching/jobs/${jobId}`, { headers })).json();
      return job.status === "COMPLETED" ? job : null;
    });
    expect(done.result.reply.role).toBe("coach");
  });

  it("passes an HTML error page through, and turns a network fault into a rejected fetch", async () => {
    backend.faults.failNext({ status: 502, body: "<h1>Bad gateway</h1>" });
    const page = await fetch(`${BASE}/coaching/sessions/current`, { headers });
    expect(page.status).toBe(502);
    expect(await page.text()).toBe("<h1>Bad gateway</h1>");

    backend.faults.networkErrorNext();
    await expect(fetch(`${BASE}/coaching/sessions/current`, { headers })).rejects.toThrow();
  });

  it("answers 404 for unknown paths under the base URL", async () => {
    const res = await fetch(`${BASE}/nope`, { headers });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});

describe("streamed replies and stop over msw http", () => {
  it("polls `partial` while the reply streams, then stops it with the cancel route", async () => {
    // Chunks every 100 ms after PROCESSING (at 20 ms); the reply would take seconds to finish.
    backend.faults.setProcessingDelay(40);
    backend.scenario.setStreaming({ chunkCount: 50, chunkIntervalMs: 100 });
    const { session } = await (await fetch(`${BASE}/coaching/sessions`, { method: "POST", headers, body: "{}" })).json();
    const send = { content: "I want to run", clientMessageId: "c-1" };
    const { jobId } = await (await fetch(`${BASE}/coaching/sessions/${session.id}/messages`, { method: "POST", headers, body: JSON.stringify(send) })).json();

    const streaming = await waitFor(async () => {
      const job = await (await fetch(`${BASE}/coaching/jobs/${jobId}`, { headers })).json();
      return job.partial ? job : null;
    });
    expect(streaming).toMatchObject({ status: "PROCESSING", partial: { seq: expect.any(Number), text: expect.any(String) } });

    const stop = await fetch(`${BASE}/coaching/jobs/${jobId}/cancel`, { method: "POST", headers: { ...headers, "idempotency-key": "stop-1" } });
    expect(stop.status).toBe(200);
    const stopped = await stop.json();
    expect(stopped).toMatchObject({ status: "COMPLETED", result: { stopped: true, isFinal: false, reply: { role: "coach" } } });
    expect(stopped.result.reply.content.startsWith(streaming.partial.text)).toBe(true);
    expect(await (await fetch(`${BASE}/coaching/jobs/${jobId}`, { headers })).json()).toEqual(stopped);
  });
});

describe("the SDK's own client against the msw adapter", () => {
  const client = (): CoachingClient =>
    createCoachingClient({ baseUrl: BASE, getToken: () => "t", logger: silentLogger, retry: { limit: 2, initialDelayMs: 1, maxDelayMs: 2 } });

  it("runs a whole session to its final result", async () => {
    const { api } = client();
    expect(await api.getCurrentSession()).toEqual({ session: null, conflict: null });
    const { session } = await api.startSession();
    let last;
    for (const [i, text] of ["one", "two", "three"].entries()) {
      const { jobId } = await api.sendMessage(session.id, { content: text, clientMessageId: `c-${i}` });
      last = await waitFor(async () => {
        const { job } = await api.getJob(jobId);
        return job.status === "COMPLETED" ? job : null;
      });
    }
    expect(last?.result).toMatchObject({ isFinal: true, sessionStatus: "COMPLETED", result: { extracted: { answer3: "three" } } });
    expect((await api.getSession(session.id)).session.status).toBe("COMPLETED");
  });

  it("retries a lost send under the same key, and the server keeps the message once", async () => {
    const { api } = client();
    const { session } = await api.startSession();
    backend.faults.failNext({ status: 503, route: "sendMessage", afterProcessing: true });
    const sent = await api.sendMessage(session.id, { content: "hello", clientMessageId: "c-1" });
    expect(sent.status).toBe("QUEUED");
    expect(backend.requests.filter((r) => r.route === "sendMessage").map((r) => r.status)).toEqual([503, 202]);
    expect(backend.messagesByClientId("c-1")).toBe(1);
  });

  it("refreshes the token after an expired-token 401", async () => {
    let refreshes = 0;
    const { api } = createCoachingClient({
      baseUrl: BASE,
      getToken: ({ forceRefresh }) => (forceRefresh ? `fresh-${++refreshes}` : "stale"),
      logger: silentLogger,
    });
    backend.scenario.expireTokens();
    await api.getCurrentSession();
    expect(refreshes).toBe(1);
  });

  it("surfaces faults as the SDK's typed errors", async () => {
    const { api } = client();
    backend.faults.failNext({ status: 500, times: 3 });
    await expect(api.getCurrentSession()).rejects.toBeInstanceOf(HttpError);
    backend.scenario.setConflict();
    await expect(api.startSession()).rejects.toMatchObject({ code: "TENANT_CONFLICT" });
  });
});

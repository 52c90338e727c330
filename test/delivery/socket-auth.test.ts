import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { AUTH_RETRY_DELAY_MS } from "../../src/delivery/socket-connection.js";
import { createJobDelivery, noopEnvironment, type JobDelivery, type JobDeliveryOptions } from "../../src/delivery/index.js";
import type { GetToken } from "../../src/api/index.js";
import { startContractSocketServer, type ContractSocketServer, type ServerBehaviour } from "./support/contract-socket-server.js";
import { collect, makeClient, recordingLogger, type ClientSetup } from "./support/delivery-harness.js";
import { createFakeJobApi } from "./support/fake-job-api.js";
import { createManualTimers } from "./support/manual-timers.js";

const WAIT = { timeout: 5_000, interval: 5 };

/** A token source whose cached token turns fresh on a forced refresh, like a real auth SDK. */
function rotatingToken(first = "token-old", fresh = "token-fresh") {
  let current = first;
  return vi.fn<GetToken>(({ forceRefresh }) => {
    if (forceRefresh) current = fresh;
    return current;
  });
}

describe("socket authentication", () => {
  let server: ContractSocketServer;
  let delivery: JobDelivery | undefined;

  afterEach(async () => {
    delivery?.stop();
    delivery = undefined;
    await server?.close();
  });

  async function setUp(behaviour: Partial<ServerBehaviour>, client: Partial<ClientSetup>, options: JobDeliveryOptions = {}) {
    server = await startContractSocketServer(behaviour);
    const api = createFakeJobApi();
    const logger = recordingLogger();
    delivery = createJobDelivery(makeClient({ api, socketUrl: server.url, logger, ...client }), {
      storage: createMemoryStorage(),
      environment: noopEnvironment,
      reconnectInitialDelayMs: 20,
      pollInitialDelayMs: 20,
      ...options,
    });
    delivery.watchSession("s1");
    const events = collect(delivery);
    return { api, logger, events, delivery };
  }

  it("refreshes the token after a 4401 and reconnects with the fresh one", async () => {
    const getToken = rotatingToken();
    const { delivery, events } = await setUp({ acceptToken: (token) => token === "token-fresh" }, { getToken });
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
    expect(getToken).toHaveBeenCalledWith({ forceRefresh: true });
    expect(server.peers.map((peer) => peer.frames[0])).toEqual([
      { type: "auth", token: "token-old" },
      { type: "auth", token: "token-fresh" },
    ]);
    expect(events.errors()).toEqual([]);
  });

  it("puts the token in the query string when socketAuth is 'query', fresh on every reconnect", async () => {
    const getToken = rotatingToken();
    const { delivery } = await setUp({ queryAuth: true, acceptToken: (token) => token === "token-fresh" }, { getToken, socketAuth: "query" });
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
    expect(server.peers.map((peer) => new URL(peer.requestUrl, "http://x").searchParams.get("token"))).toEqual(["token-old", "token-fresh"]);
    expect(server.peers.flatMap((peer) => peer.frames).some((frame) => frame.type === "auth")).toBe(false);
  });

  it("falls back to polling with an AuthError after two 4401s in a row, and retries much later", async () => {
    const clock = createManualTimers();
    const getToken = rotatingToken();
    const { delivery, events, api, logger } = await setUp({ acceptToken: () => false }, { getToken, timers: clock.timers });
    await vi.waitFor(() => expect(delivery.getConnection()).toMatchObject({ status: "polling", reason: "auth-failed" }), WAIT);
    expect(events.errors()).toHaveLength(1);
    expect(events.errors()[0]!.error).toMatchObject({ name: "AuthError", reason: "unauthorized", operation: "socket" });
    expect(server.peers).toHaveLength(2);

    // Jobs still arrive, by polling.
    api.completed("j1");
    delivery.track({ jobId: "j1", sessionId: "s1" });
    clock.advance(20);
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);

    // The socket rests, then tries once more with a refreshed token; still refused, no second error event.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.peers).toHaveLength(2);
    getToken.mockClear();
    clock.advance(AUTH_RETRY_DELAY_MS);
    await vi.waitFor(() => expect(server.peers).toHaveLength(3), WAIT);
    expect(getToken).toHaveBeenCalledWith({ forceRefresh: true });
    await vi.waitFor(() => expect(delivery.getConnection().reason).toBe("auth-failed"), WAIT);
    expect(events.errors()).toHaveLength(1);
    expect(logger.text()).not.toContain("token-old");
    expect(logger.text()).not.toContain("token-fresh");
  });

  it("stops the socket for good on 4403 and keeps polling pending jobs", async () => {
    const { delivery, events, api } = await setUp({}, {});
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
    delivery.track({ jobId: "j1", sessionId: "s1" });
    server.livePeer()!.close(4403, "forbidden");
    await vi.waitFor(() => expect(delivery.getConnection()).toMatchObject({ status: "closed", reason: "forbidden" }), WAIT);
    expect(events.errors().map((event) => event.error)).toMatchObject([{ name: "AuthError", reason: "forbidden" }]);
    api.completed("j1");
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.peers).toHaveLength(1);
    delivery.reconcile();
    delivery.watchSession("s2");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.peers).toHaveLength(1);
  });

  it("replaces a socket whose handshake gets no answer within pongTimeoutMs", async () => {
    const clock = createManualTimers();
    const { delivery } = await setUp({ ignoreAuth: true }, { timers: clock.timers });
    await vi.waitFor(() => expect(server.peers[0]?.frames).toHaveLength(1), WAIT);
    expect(delivery.getConnection()).toMatchObject({ status: "connecting", reason: "socket-open" });
    server.behaviour.ignoreAuth = false;
    clock.advance(10_000);
    expect(delivery.getConnection()).toMatchObject({ status: "polling", reason: "handshake-timeout" });
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
    expect(server.peers).toHaveLength(2);
  });

  it("reports a failing getToken once and retries the socket after a backoff", async () => {
    const clock = createManualTimers();
    let calls = 0;
    const getToken = vi.fn<GetToken>(() => {
      calls += 1;
      if (calls <= 2) throw new Error("auth server down");
      return "token-late";
    });
    const { delivery, events, logger } = await setUp({}, { getToken, timers: clock.timers });
    await vi.waitFor(() => expect(events.errors()).toHaveLength(1), WAIT);
    expect(events.errors()[0]!.error).toMatchObject({ name: "AuthError", reason: "token-unavailable", operation: "socket" });
    expect(server.peers).toHaveLength(0);
    clock.advance(1_000);
    await vi.waitFor(() => expect(calls).toBe(2), WAIT);
    clock.advance(1_000);
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
    expect(server.peers[0]!.frames[0]).toEqual({ type: "auth", token: "token-late" });
    expect(events.errors()).toHaveLength(1);
    expect(logger.entries.filter((entry) => entry.message.includes("could not get a token"))).toHaveLength(2);
  });
});

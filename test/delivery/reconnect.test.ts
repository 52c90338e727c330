import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { createJobDelivery, noopEnvironment, type JobDelivery, type JobDeliveryOptions } from "../../src/delivery/index.js";
import { startContractSocketServer, type ContractSocketServer } from "./support/contract-socket-server.js";
import { collect, makeClient } from "./support/delivery-harness.js";
import { createFakeJobApi } from "./support/fake-job-api.js";
import { completedEvent, TOKEN } from "./support/fixtures.js";

const WAIT = { timeout: 5_000, interval: 5 };

describe("reconnects", () => {
  let server: ContractSocketServer;
  let delivery: JobDelivery | undefined;

  afterEach(async () => {
    delivery?.stop();
    delivery = undefined;
    await server?.close();
  });

  async function setUp(options: JobDeliveryOptions = {}) {
    server = await startContractSocketServer();
    const api = createFakeJobApi();
    delivery = createJobDelivery(makeClient({ api, socketUrl: server.url }), {
      storage: createMemoryStorage(),
      environment: noopEnvironment,
      reconnectInitialDelayMs: 20,
      reconnectMaxDelayMs: 100,
      // Slow enough that nothing is polled while the socket is down: delivery after the
      // reconnect must come from the reconcile poll or the socket.
      pollInitialDelayMs: 30_000,
      pollMaxDelayMs: 30_000,
      socketSilenceMs: 60_000,
      ...options,
    });
    delivery.watchSession("s1");
    const events = collect(delivery);
    await vi.waitFor(() => expect(delivery!.getConnection().status).toBe("live"), WAIT);
    return { api, events, delivery };
  }

  it("delivers three jobs exactly once when the gateway dies and comes back while they complete", async () => {
    const { api, events, delivery } = await setUp();
    for (const jobId of ["j1", "j2", "j3"]) delivery.track({ jobId, sessionId: "s1" });

    await server.kill();
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("polling"), WAIT);
    // The jobs finish while no socket listens: their events are lost, only polls can tell.
    for (const jobId of ["j1", "j2", "j3"]) api.completed(jobId);
    // The restarted gateway also redelivers some of them, twice.
    server.behaviour.afterSubscribe = (peer) => {
      peer.send(completedEvent("j1"));
      peer.send(completedEvent("j2"));
      peer.send(completedEvent("j1"));
    };
    await server.restart();

    await vi.waitFor(() => expect(events.settled()).toHaveLength(3), WAIT);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ids = events.completed().map((event) => event.job.jobId);
    expect(ids.sort()).toEqual(["j1", "j2", "j3"]);
    expect(delivery.pendingJobs()).toEqual([]);
    expect(events.statuses()).toContain("polling:socket-closed");
    expect(events.statuses().at(-1)).toBe("live:subscribed");
    const newPeer = server.livePeer()!;
    expect(newPeer.frames.slice(0, 2)).toEqual([
      { type: "auth", token: TOKEN },
      { type: "subscribe", sessionId: "s1" },
    ]);
  });

  it.each([1000, 1001])("treats the gateway's scheduled close (%i) as a reconnect and loses no job", async (code) => {
    const { api, events, delivery } = await setUp();
    delivery.track({ jobId: "j1", sessionId: "s1" });
    const first = server.livePeer()!;
    first.close(code, "max connection age");
    api.completed("j1");
    await vi.waitFor(() => expect(server.peers).toHaveLength(2), WAIT);
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
    expect(server.livePeer()!.frames).toContainEqual({ type: "subscribe", sessionId: "s1" });
    expect(delivery.getConnection().status).toBe("live");
    expect(delivery.getConnection().reason).toBe("subscribed");
  });

  it("keeps retrying with backoff while the gateway is down", async () => {
    const { delivery } = await setUp();
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(delivery.getConnection()).toMatchObject({ status: "polling", reason: "socket-closed" });
    await server.restart();
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
  });

  it("polls a job that stays silent on a live socket (lost event safety net)", async () => {
    const { api, events, delivery } = await setUp({ socketSilenceMs: 80 });
    api.completed("quiet");
    delivery.track({ jobId: "quiet", sessionId: "s1" });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(api.pollsOf("quiet")).toBe(0);
    await vi.waitFor(() => expect(events.settled()).toEqual(["quiet:job.completed:poll"]), WAIT);
    expect(delivery.getConnection().status).toBe("live");
  });

  it("re-subscribes on the same socket when the watched session changes", async () => {
    const { events, delivery } = await setUp();
    delivery.watchSession("s2");
    await vi.waitFor(() => expect(server.livePeer()!.frames).toContainEqual({ type: "subscribe", sessionId: "s2" }), WAIT);
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
    expect(server.peers).toHaveLength(1);
    delivery.track({ jobId: "j9", sessionId: "s2" });
    server.broadcast(completedEvent("j9", { sessionId: "s2" }));
    await vi.waitFor(() => expect(events.settled()).toEqual(["j9:job.completed:socket"]), WAIT);
  });

  it("survives a gateway that accepts TCP but never answers the upgrade, and stop() while connecting", async () => {
    server = await startContractSocketServer();
    const sockets = new Set<Socket>();
    const blackHole: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    try {
      const port = (blackHole.address() as AddressInfo).port;
      const connect = () =>
        createJobDelivery(makeClient({ api: createFakeJobApi(), socketUrl: `ws://127.0.0.1:${port}/coaching` }), {
          storage: createMemoryStorage(),
          environment: noopEnvironment,
          pongTimeoutMs: 50,
          reconnectInitialDelayMs: 10,
          reconnectMaxDelayMs: 20,
        });
      delivery = connect();
      delivery.watchSession("s1");
      const events = collect(delivery);
      // Several connect timeouts in a row: each closes a still-connecting socket.
      await vi.waitFor(() => expect(sockets.size).toBeGreaterThanOrEqual(3), WAIT);
      expect(delivery.getConnection().status).not.toBe("live");
      events.unsubscribe();
      // Stopped mid-handshake, straight away, many times.
      for (let i = 0; i < 5; i++) {
        const quick = connect();
        quick.watchSession("s1");
        quick.subscribe(() => {})();
        quick.stop();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { createJobDelivery, type JobDelivery, type JobDeliveryOptions } from "../../src/delivery/index.js";
import { startContractSocketServer, type ContractSocketServer } from "./support/contract-socket-server.js";
import { collect, fakeEnvironment, makeClient } from "./support/delivery-harness.js";
import { createFakeJobApi } from "./support/fake-job-api.js";

const WAIT = { timeout: 5_000, interval: 5 };

describe("browser lifecycle", () => {
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
    const environment = fakeEnvironment();
    delivery = createJobDelivery(makeClient({ api, socketUrl: server.url }), {
      storage: createMemoryStorage(),
      environment,
      pollInitialDelayMs: 60_000,
      socketSilenceMs: 60_000,
      ...options,
    });
    delivery.watchSession("s1");
    return { api, environment, delivery };
  }

  const live = () => vi.waitFor(() => expect(delivery!.getConnection().status).toBe("live"), WAIT);

  it("attaches listeners and the socket with the first subscriber, and drops them with the last", async () => {
    const { environment, delivery } = await setUp();
    expect(environment.listenerCount()).toBe(0);
    expect(server.peers).toHaveLength(0);
    const first = delivery.subscribe(() => {});
    const second = delivery.subscribe(() => {});
    expect(environment.listenerCount()).toBe(5);
    await live();
    first();
    first();
    expect(environment.listenerCount()).toBe(5);
    expect(delivery.getConnection().status).toBe("live");
    second();
    expect(environment.listenerCount()).toBe(0);
    expect(delivery.getConnection()).toMatchObject({ status: "idle", reason: "no-listeners" });
    await vi.waitFor(() => expect(server.peers[0]!.closed).toBe(true), WAIT);
  });

  it("closes the socket on pagehide, and reconnects and reconciles on pageshow", async () => {
    const { environment, delivery, api } = await setUp();
    const events = collect(delivery);
    await live();
    delivery.track({ jobId: "j1", sessionId: "s1" });
    environment.fire("pagehide");
    expect(delivery.getConnection()).toMatchObject({ status: "polling", reason: "page-hidden" });
    await vi.waitFor(() => expect(server.peers[0]!.closed).toBe(true), WAIT);
    // The reply lands while the page sits in the back/forward cache.
    api.completed("j1");
    const pollsBefore = api.pollsOf("j1");
    environment.fire("pageshow");
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
    expect(api.pollsOf("j1")).toBeGreaterThan(pollsBefore);
    await live();
    expect(server.peers).toHaveLength(2);
  });

  it("reports offline, and on online pings the socket and reconciles", async () => {
    const { environment, delivery, api } = await setUp();
    const events = collect(delivery);
    await live();
    delivery.track({ jobId: "j1", sessionId: "s1" });
    server.behaviour.autoPong = true;
    await server.kill();
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("polling"), WAIT);
    environment.fire("offline");
    expect(delivery.getConnection()).toMatchObject({ status: "offline", reason: "offline" });
    await server.restart();
    api.completed("j1");
    environment.fire("online");
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
    await live();
    expect(events.statuses()).toContain("offline:offline");
  });

  it("reconnects at once on online instead of waiting out the backoff", async () => {
    const { environment, delivery } = await setUp({ reconnectInitialDelayMs: 60_000, reconnectMaxDelayMs: 60_000 });
    collect(delivery);
    await live();
    await server.kill();
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("polling"), WAIT);
    await server.restart();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(delivery.getConnection().status).toBe("polling");
    environment.fire("online");
    await live();
  });

  it("probes a live socket with a ping when the page becomes visible, and reconciles", async () => {
    const { environment, delivery, api } = await setUp();
    collect(delivery);
    await live();
    delivery.track({ jobId: "j1", sessionId: "s1" });
    environment.visible = false;
    environment.fire("visibilitychange");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.pollsOf("j1")).toBe(0);
    environment.visible = true;
    environment.fire("visibilitychange");
    await vi.waitFor(() => expect(api.pollsOf("j1")).toBe(1), WAIT);
    await vi.waitFor(() => expect(server.livePeer()!.frames).toContainEqual({ type: "ping" }), WAIT);
  });
});

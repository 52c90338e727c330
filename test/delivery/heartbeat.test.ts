import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { createJobDelivery, noopEnvironment, type JobDelivery } from "../../src/delivery/index.js";
import { startContractSocketServer, type ContractSocketServer } from "./support/contract-socket-server.js";
import { collect, makeClient, recordingLogger } from "./support/delivery-harness.js";
import { createFakeJobApi } from "./support/fake-job-api.js";
import { sessionUpdatedEvent } from "./support/fixtures.js";
import { createManualTimers } from "./support/manual-timers.js";

const WAIT = { timeout: 5_000, interval: 5 };

describe("heartbeat and dead-socket detection (virtual clock)", () => {
  let server: ContractSocketServer;
  let delivery: JobDelivery | undefined;

  afterEach(async () => {
    delivery?.stop();
    delivery = undefined;
    await server?.close();
  });

  async function setUp() {
    server = await startContractSocketServer();
    const clock = createManualTimers();
    const logger = recordingLogger();
    delivery = createJobDelivery(makeClient({ api: createFakeJobApi(), socketUrl: server.url, timers: clock.timers, logger }), {
      storage: createMemoryStorage(),
      environment: noopEnvironment,
    });
    delivery.watchSession("s1");
    const events = collect(delivery);
    await vi.waitFor(() => expect(delivery!.getConnection().status).toBe("live"), WAIT);
    // Only the next ping is scheduled once live: the handshake deadlines were met.
    expect(clock.pendingDelays()).toEqual([30_000]);
    return { clock, logger, events, delivery };
  }

  const pings = (peerIndex = 0) => server.peers[peerIndex]!.frames.filter((frame) => frame.type === "ping").length;

  it("pings every heartbeatIntervalMs and keeps a socket that answers", async () => {
    const { clock, delivery } = await setUp();
    clock.advance(29_999);
    expect(pings()).toBe(0);
    clock.advance(1);
    await vi.waitFor(() => expect(pings()).toBe(1), WAIT);
    // The pong clears the 10 s deadline, leaving only the next ping.
    await vi.waitFor(() => expect(clock.pendingDelays()).toEqual([30_000]), WAIT);
    clock.advance(30_000);
    await vi.waitFor(() => expect(pings()).toBe(2), WAIT);
    await vi.waitFor(() => expect(clock.pending()).toBe(1), WAIT);
    clock.advance(10_000);
    expect(server.peers).toHaveLength(1);
    expect(delivery.getConnection().status).toBe("live");
  });

  it("replaces a socket that does not answer a ping within pongTimeoutMs", async () => {
    const { clock, delivery, logger, events } = await setUp();
    server.behaviour.autoPong = false;
    clock.advance(30_000);
    await vi.waitFor(() => expect(pings()).toBe(1), WAIT);
    clock.advance(9_999);
    expect(server.peers).toHaveLength(1);
    clock.advance(1);
    expect(delivery.getConnection()).toMatchObject({ status: "polling", reason: "heartbeat-timeout" });
    await vi.waitFor(() => expect(server.peers).toHaveLength(2), WAIT);
    await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
    expect(server.peers[0]!.closed).toBe(true);
    expect(logger.entries.some((entry) => entry.level === "warn" && entry.message.includes("heartbeat-timeout"))).toBe(true);
    expect(events.statuses()).toContain("polling:heartbeat-timeout");
  });

  it("counts any frame as a sign of life", async () => {
    const { clock, delivery } = await setUp();
    server.behaviour.autoPong = false;
    clock.advance(30_000);
    await vi.waitFor(() => expect(pings()).toBe(1), WAIT);
    server.broadcast(sessionUpdatedEvent());
    await vi.waitFor(() => expect(clock.pending()).toBe(1), WAIT);
    clock.advance(10_000);
    expect(server.peers).toHaveLength(1);
    expect(delivery.getConnection().status).toBe("live");
  });

  it("leaves no timer behind after stop()", async () => {
    const { clock, delivery } = await setUp();
    delivery.track({ jobId: "j1", sessionId: "s1" });
    clock.advance(30_000);
    expect(clock.pending()).toBeGreaterThan(1);
    delivery.stop();
    expect(clock.pending()).toBe(0);
    expect(delivery.getConnection()).toMatchObject({ status: "closed", reason: "stopped" });
    await vi.waitFor(() => expect(server.peers[0]!.closed).toBe(true), WAIT);
    expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["j1"]);
  });

  it("refuses a heartbeat interval above 5 minutes", () => {
    const client = makeClient({ api: createFakeJobApi() });
    expect(() => createJobDelivery(client, { heartbeatIntervalMs: 6 * 60_000, environment: noopEnvironment })).toThrow(RangeError);
    expect(() => createJobDelivery(client, { pollMaxDelayMs: Number.NaN, environment: noopEnvironment })).toThrow(RangeError);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { createJobDelivery, noopEnvironment, type JobDelivery, type JobDeliveryOptions } from "../../src/delivery/index.js";
import { createMemoryStorage, type KeyValueStorage } from "../../src/shared/storage.js";
import { startContractSocketServer, type ContractSocketServer } from "./support/contract-socket-server.js";
import { collect, fakeEnvironment, makeClient, recordingLogger } from "./support/delivery-harness.js";
import { createFakeJobApi, type FakeJobApi } from "./support/fake-job-api.js";
import { completedEvent, session } from "./support/fixtures.js";
import { createManualTimers } from "./support/manual-timers.js";

// What happens in the gaps: a laptop asleep, a socket down while something changed elsewhere, a
// tab with no socket at all, a session closed by the gateway, a session left behind.

const WAIT = { timeout: 5_000, interval: 2 };
const TWO_HOURS = 2 * 3_600_000;

describe("delivery across gaps", () => {
  const deliveries: JobDelivery[] = [];
  let server: ContractSocketServer | undefined;

  afterEach(async () => {
    for (const delivery of deliveries.splice(0)) delivery.stop();
    await server?.close();
    server = undefined;
  });

  /** Polling-only delivery on a virtual clock. */
  function polling(options: JobDeliveryOptions = {}, api: FakeJobApi = createFakeJobApi(), storage: KeyValueStorage = createMemoryStorage()) {
    const clock = createManualTimers();
    const logger = recordingLogger();
    const environment = fakeEnvironment();
    const delivery = createJobDelivery(makeClient({ api, timers: clock.timers, logger, WebSocket: undefined }), { storage, environment, ...options });
    deliveries.push(delivery);
    const events = collect(delivery);
    return { api, clock, logger, environment, delivery, events, storage };
  }

  describe("a laptop sleep with a reply pending", () => {
    it.each(["fire-at-once", "paused"] as const)("delivers the reply finished during the sleep, never a timeout (timers %s)", async (mode) => {
      const { api, clock, delivery, events, environment } = polling({ jobDeadlineMs: 600_000, pollMaxDelayMs: 10_000 });
      delivery.watchSession("s1");
      delivery.track({ jobId: "j1", sessionId: "s1", clientMessageId: "c1" });
      clock.advance(5_000);
      await vi.waitFor(() => expect(api.pollsOf("j1")).toBeGreaterThan(0), WAIT);
      // The server finishes the job while the lid is shut; the page sleeps two hours.
      api.completed("j1");
      const hold = api.hold();
      clock.sleep(TWO_HOURS, mode);
      environment.fire("visibilitychange");
      hold();
      await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
      expect(events.failed()).toEqual([]);
    });

    it("polls a job once more at its deadline, and fails it only when it is still running", async () => {
      const { api, clock, delivery, events } = polling({ jobDeadlineMs: 20_000 });
      delivery.watchSession("s1");
      delivery.track({ jobId: "j1", sessionId: "s1" });
      clock.advance(19_999);
      await vi.waitFor(() => expect(api.pollsOf("j1")).toBeGreaterThan(0), WAIT);
      const polls = api.pollsOf("j1");
      clock.advance(1);
      await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.failed:deadline"]), WAIT);
      expect(api.pollsOf("j1")).toBe(polls + 1);
    });

    it("waking offline, keeps the job until the server answers: a failed last poll is no timeout", async () => {
      const { api, clock, delivery, events } = polling({ jobDeadlineMs: 600_000, pollMaxDelayMs: 10_000 });
      delivery.watchSession("s1");
      delivery.track({ jobId: "j1", sessionId: "s1" });
      api.setNetworkDown(true);
      clock.sleep(TWO_HOURS, "fire-at-once");
      await vi.waitFor(() => expect(api.pollsOf("j1")).toBe(1), WAIT);
      await Promise.resolve();
      expect(events.settled()).toEqual([]);
      // The network is back: the next poll finds the reply.
      api.setNetworkDown(false);
      api.completed("j1");
      clock.advance(10_000);
      await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
    });

    it("still delivers, once, a reply that comes after its job timed out", async () => {
      server = await startContractSocketServer();
      const api = createFakeJobApi();
      const delivery = createJobDelivery(makeClient({ api, socketUrl: server.url }), {
        storage: createMemoryStorage(),
        environment: noopEnvironment,
        jobDeadlineMs: 50,
        socketSilenceMs: 60_000,
      });
      deliveries.push(delivery);
      const events = collect(delivery);
      delivery.watchSession("s1");
      await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
      delivery.track({ jobId: "j1", sessionId: "s1" });
      await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.failed:deadline"]), WAIT);
      server.broadcast(completedEvent("j1"));
      server.broadcast(completedEvent("j1"));
      await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.failed:deadline", "j1:job.completed:socket"]), WAIT);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(events.completed()).toHaveLength(1);
    });
  });

  describe("the session changed while no event could tell", () => {
    it("reads the session after the socket comes back (a pause made during the gap)", async () => {
      server = await startContractSocketServer();
      const api = createFakeJobApi();
      const delivery = createJobDelivery(makeClient({ api, socketUrl: server.url }), {
        storage: createMemoryStorage(),
        environment: noopEnvironment,
        reconnectInitialDelayMs: 20,
        reconnectMaxDelayMs: 50,
      });
      deliveries.push(delivery);
      const events = collect(delivery);
      delivery.watchSession("s1");
      await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
      // The first connection is no gap: the session was just read by whoever watches it.
      expect(api.readsOf("s1")).toBe(0);
      await server.kill();
      api.session("s1", { status: 200, body: { session: session({ id: "s1", status: "PAUSED" }) } });
      await server.restart();
      await vi.waitFor(() => expect(events.sessions().map((e) => e.session.status)).toEqual(["PAUSED"]), WAIT);
      expect(api.readsOf("s1")).toBe(1);
    });

    it("reads the session again when the network returns and when the page is shown", async () => {
      const { api, delivery, events, environment } = polling({ sessionRefreshMs: 3_600_000 });
      delivery.watchSession("s1");
      environment.fire("online");
      await vi.waitFor(() => expect(api.readsOf("s1")).toBe(1), WAIT);
      environment.visible = true;
      environment.fire("visibilitychange");
      await vi.waitFor(() => expect(api.readsOf("s1")).toBe(2), WAIT);
      expect(events.sessions()).toHaveLength(2);
    });

    it("without a socket, re-reads the watched session every sessionRefreshMs while visible", async () => {
      const { api, clock, delivery, events, environment } = polling({ sessionRefreshMs: 30_000 });
      delivery.watchSession("s1");
      clock.advance(29_999);
      expect(api.readsOf("s1")).toBe(0);
      api.session("s1", { status: 200, body: { session: session({ id: "s1", status: "ABANDONED", replacedBy: "s2" }) } });
      clock.advance(1);
      await vi.waitFor(() => expect(events.sessions().map((e) => e.session.status)).toEqual(["ABANDONED"]), WAIT);
      environment.visible = false;
      clock.advance(30_000);
      clock.advance(30_000);
      expect(api.readsOf("s1")).toBe(1);
    });

    it("reports a session that answers 404/410 as expired", async () => {
      const { api, clock, delivery, events } = polling({ sessionRefreshMs: 1_000 });
      api.session("s1", { status: 410, body: { error: { code: "SESSION_EXPIRED", message: "gone" } } });
      delivery.watchSession("s1");
      clock.advance(1_000);
      await vi.waitFor(() => expect(events.events.filter((e) => e.type === "session.expired")).toHaveLength(1), WAIT);
      expect(events.events.find((e) => e.type === "session.expired")).toMatchObject({ sessionId: "s1", error: { code: "SESSION_EXPIRED" } });
    });

    it("reports the watched session as expired at once when the gateway closes with 1008", async () => {
      server = await startContractSocketServer();
      const api = createFakeJobApi();
      const delivery = createJobDelivery(makeClient({ api, socketUrl: server.url }), { storage: createMemoryStorage(), environment: noopEnvironment });
      deliveries.push(delivery);
      const events = collect(delivery);
      delivery.watchSession("s1");
      await vi.waitFor(() => expect(delivery.getConnection().status).toBe("live"), WAIT);
      server.livePeer()!.close(1008, "session expired");
      await vi.waitFor(() => expect(events.events.filter((e) => e.type === "session.expired")).toHaveLength(1), WAIT);
      expect(api.readsOf("s1")).toBe(0);
    });
  });

  describe("sessions left behind", () => {
    it("stops polling a replaced session's jobs when told to untrack the session", async () => {
      const { api, clock, delivery, events, storage } = polling();
      delivery.watchSession("old");
      delivery.track({ jobId: "j-old", sessionId: "old" });
      delivery.untrackSession("old");
      delivery.watchSession("new");
      clock.advance(60_000);
      await Promise.resolve();
      expect(api.pollsOf("j-old")).toBe(0);
      expect(events.settled()).toEqual([]);
      expect(storage.getItem("coaching-session-sdk:default:pending-jobs")).toBeNull();
    });

    it("never polls a restored job until its session is watched, so another session's (or user's) job stays untouched", async () => {
      const storage = createMemoryStorage();
      storage.setItem("coaching-session-sdk:default:pending-jobs", JSON.stringify([{ jobId: "theirs", sessionId: "s-other", trackedAt: 1 }]));
      const { api, clock, delivery } = polling({}, createFakeJobApi(), storage);
      delivery.watchSession("s-mine");
      clock.advance(120_000);
      await Promise.resolve();
      expect(api.pollsOf("theirs")).toBe(0);
      expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["theirs"]);
    });
  });
});

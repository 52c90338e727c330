import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStorage, type KeyValueStorage } from "../../src/shared/storage.js";
import { createJobDelivery, noopEnvironment, type JobDelivery } from "../../src/delivery/index.js";
import { startContractSocketServer, type ContractSocketServer } from "./support/contract-socket-server.js";
import { collect, makeClient } from "./support/delivery-harness.js";
import { createFakeJobApi } from "./support/fake-job-api.js";
import { completedEvent } from "./support/fixtures.js";

const WAIT = { timeout: 5_000, interval: 5 };
const KEY = "coaching-session-sdk:default:pending-jobs";

describe("pending jobs survive a reload", () => {
  let server: ContractSocketServer | undefined;
  const deliveries: JobDelivery[] = [];

  afterEach(async () => {
    for (const delivery of deliveries.splice(0)) delivery.stop();
    await server?.close();
    server = undefined;
  });

  const create = (storage: KeyValueStorage, socketUrl?: string, api = createFakeJobApi()) => {
    const delivery = createJobDelivery(makeClient({ api, socketUrl }), {
      storage,
      environment: noopEnvironment,
      pollInitialDelayMs: 10,
      socketSilenceMs: 60_000,
    });
    deliveries.push(delivery);
    return { delivery, api };
  };

  it("picks up a pending job in a new instance on the same storage and delivers it once", async () => {
    server = await startContractSocketServer();
    const storage = createMemoryStorage();
    const before = create(storage, server.url).delivery;
    const beforeEvents = collect(before);
    before.watchSession("s1");
    const trackedAt = Date.now();
    before.track({ jobId: "j1", sessionId: "s1", clientMessageId: "c1", trackedAt });
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([{ jobId: "j1", sessionId: "s1", clientMessageId: "c1", trackedAt }]);
    // The page goes away before the reply arrives.
    before.stop();

    const { delivery: after } = create(storage, server.url);
    expect(after.pendingJobs()).toEqual([{ jobId: "j1", sessionId: "s1", clientMessageId: "c1", trackedAt }]);
    server.behaviour.afterSubscribe = (peer) => peer.send(completedEvent("j1"));
    const events = collect(after);
    after.watchSession("s1");
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:socket"]), WAIT);
    expect(events.completed()[0]!.job.clientMessageId).toBe("c1");
    expect(storage.getItem(KEY)).toBeNull();
    expect(beforeEvents.settled()).toEqual([]);
  });

  it("polls a restored job right away when there is no socket, once its session is watched", async () => {
    const storage = createMemoryStorage();
    storage.setItem(KEY, JSON.stringify([{ jobId: "j1", sessionId: "s1", trackedAt: Date.now() }]));
    const api = createFakeJobApi();
    api.completed("j1");
    const { delivery } = create(storage, undefined, api);
    const events = collect(delivery);
    delivery.watchSession("s1");
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it("reads corrupt storage without throwing, keeping the entries that are valid", () => {
    const storage = createMemoryStorage();
    storage.setItem(KEY, "{not json");
    expect(create(storage).delivery.pendingJobs()).toEqual([]);
    storage.setItem(KEY, JSON.stringify({ jobs: [] }));
    expect(create(storage).delivery.pendingJobs()).toEqual([]);
    storage.setItem(
      KEY,
      JSON.stringify([null, 7, { jobId: "" }, { jobId: "ok", sessionId: "s1", trackedAt: 5 }, { jobId: "bad", sessionId: "s1", trackedAt: "x" }]),
    );
    expect(create(storage).delivery.pendingJobs()).toEqual([{ jobId: "ok", sessionId: "s1", trackedAt: 5 }]);
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {},
    };
    const { delivery } = create(broken);
    expect(() => delivery.track({ jobId: "j1", sessionId: "s1" })).not.toThrow();
    expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["j1"]);
  });

  it("removes an untracked job from storage without emitting anything", async () => {
    const storage = createMemoryStorage();
    const { delivery, api } = create(storage);
    const events = collect(delivery);
    delivery.track({ jobId: "j1", sessionId: "s1" });
    delivery.track({ jobId: "j2", sessionId: "s1" });
    delivery.untrack("j1");
    expect(JSON.parse(storage.getItem(KEY)!).map((job: { jobId: string }) => job.jobId)).toEqual(["j2"]);
    api.completed("j1");
    api.completed("j2");
    await vi.waitFor(() => expect(events.settled()).toEqual(["j2:job.completed:poll"]), WAIT);
    expect(api.pollsOf("j1")).toBe(0);
    expect(storage.getItem(KEY)).toBeNull();
  });
});

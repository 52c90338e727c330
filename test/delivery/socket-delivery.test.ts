import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { createJobDelivery, noopEnvironment, type JobDelivery } from "../../src/delivery/index.js";
import { startContractSocketServer, type ContractSocketServer } from "./support/contract-socket-server.js";
import { collect, makeClient, recordingLogger } from "./support/delivery-harness.js";
import { createFakeJobApi } from "./support/fake-job-api.js";
import { completedEvent, failedEvent, jobResult, session, sessionUpdatedEvent, TOKEN } from "./support/fixtures.js";

const WAIT = { timeout: 3_000, interval: 5 };

describe("job delivery over the socket", () => {
  let server: ContractSocketServer;
  let delivery: JobDelivery | undefined;

  afterEach(async () => {
    delivery?.stop();
    delivery = undefined;
    await server?.close();
  });

  async function setUp(options: { socketSilenceMs?: number } = {}) {
    server = await startContractSocketServer();
    const api = createFakeJobApi();
    const logger = recordingLogger();
    const client = makeClient({ api, socketUrl: server.url, logger });
    delivery = createJobDelivery(client, {
      storage: createMemoryStorage(),
      environment: noopEnvironment,
      socketSilenceMs: options.socketSilenceMs ?? 60_000,
      pollInitialDelayMs: 60_000,
    });
    delivery.watchSession("s1");
    const events = collect(delivery);
    await vi.waitFor(() => expect(delivery!.getConnection().status).toBe("live"), WAIT);
    return { api, logger, events, delivery, peer: server.livePeer()! };
  }

  it("authenticates with the first frame, subscribes, and goes live", async () => {
    const { events, peer } = await setUp();
    expect(peer.frames.slice(0, 2)).toEqual([
      { type: "auth", token: TOKEN },
      { type: "subscribe", sessionId: "s1" },
    ]);
    expect(peer.requestUrl).not.toContain("token");
    expect(events.statuses()).toEqual(["connecting:socket-connecting", "connecting:socket-open", "connecting:subscribing", "live:subscribed"]);
  });

  it("delivers a completion once, however often and in whatever order it arrives", async () => {
    const { events, delivery, peer } = await setUp();
    delivery.track({ jobId: "j1", sessionId: "s1", clientMessageId: "c1" });
    delivery.track({ jobId: "j2", sessionId: "s1" });
    const first = completedEvent("j2");
    peer.send(first);
    peer.send(first);
    peer.send(completedEvent("j2"));
    peer.send(failedEvent("j1"));
    peer.send(completedEvent("j1"));
    await vi.waitFor(() => expect(events.settled()).toHaveLength(2), WAIT);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events.settled()).toEqual(["j2:job.completed:socket", "j1:job.failed:socket"]);
    expect(events.completed()[0]!.result).toEqual(jobResult("j2"));
    expect(events.completed()[0]!.job).toMatchObject({ jobId: "j2", sessionId: "s1" });
    expect(events.failed()[0]!.error).toMatchObject({ name: "JobFailedError", code: "JOB_FAILED", serverCode: "MODEL_ERROR", jobId: "j1" });
    expect(delivery.pendingJobs()).toEqual([]);
  });

  it("drops a poll answer that lands after the socket already delivered the job", async () => {
    const { events, api, delivery, peer } = await setUp();
    delivery.track({ jobId: "j3", sessionId: "s1" });
    api.completed("j3");
    const release = api.hold();
    delivery.reconcile();
    await vi.waitFor(() => expect(api.pollsOf("j3")).toBe(1), WAIT);
    peer.send(completedEvent("j3"));
    await vi.waitFor(() => expect(events.settled()).toEqual(["j3:job.completed:socket"]), WAIT);
    release();
    delivery.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events.settled()).toEqual(["j3:job.completed:socket"]);
    expect(api.pollsOf("j3")).toBe(1);
  });

  it("ignores events of other sessions and of jobs it never tracks", async () => {
    const { events, delivery, peer } = await setUp();
    delivery.track({ jobId: "j1", sessionId: "s1" });
    peer.send(completedEvent("j1", { sessionId: "other" }));
    peer.send(sessionUpdatedEvent({ session: session({ id: "other" }) }));
    peer.send(completedEvent("never-tracked"));
    peer.send(completedEvent("j1"));
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:socket"]), WAIT);
    expect(events.sessions()).toEqual([]);
  });

  it("emits session.updated once per eventId, for the watched session only", async () => {
    const { events, peer } = await setUp();
    const update = sessionUpdatedEvent({ session: session({ status: "PAUSED" }) });
    peer.send(update);
    peer.send(update);
    peer.send(sessionUpdatedEvent({ session: session({ status: "CANCELLED" }) }));
    await vi.waitFor(() => expect(events.sessions().map((e) => e.session.status)).toEqual(["PAUSED", "CANCELLED"]), WAIT);
  });

  it("skips malformed, oversized and unknown frames, logs them, and keeps going", async () => {
    const { events, logger, delivery, peer } = await setUp();
    delivery.track({ jobId: "j1", sessionId: "s1" });
    peer.send("{not json");
    peer.send(JSON.stringify({ type: "job.completed", eventId: "e", jobId: "j1", sessionId: "s1" }));
    peer.send(JSON.stringify({ ...completedEvent("j1"), padding: "x".repeat(40 * 1024) }));
    peer.send({ type: "typing.started", eventId: "e2" });
    peer.send("[1,2]");
    peer.send(completedEvent("j1"));
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:socket"]), WAIT);
    const reasons = logger.entries.filter((e) => e.message.includes("invalid socket frame")).map((e) => (e.details as { reason: string }).reason);
    expect(reasons).toEqual(["not-json", "schema", "too-large", "not-an-object"]);
    expect(logger.entries.some((e) => e.level === "debug" && JSON.stringify(e.details).includes("typing.started"))).toBe(true);
    expect(delivery.getConnection().status).toBe("live");
  });

  it("applies a completion that arrived before track() (the 202 came back late)", async () => {
    const { events, delivery, peer, api } = await setUp();
    peer.send(completedEvent("early"));
    peer.send(completedEvent("early-other", { sessionId: "other" }));
    await vi.waitFor(() => expect(server.peers.length).toBe(1), WAIT);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events.settled()).toEqual([]);
    delivery.track({ jobId: "early", sessionId: "s1" });
    // Never re-entrantly from inside track().
    expect(events.settled()).toEqual([]);
    await vi.waitFor(() => expect(events.settled()).toEqual(["early:job.completed:socket"]), WAIT);
    delivery.track({ jobId: "early", sessionId: "s1" });
    delivery.track({ jobId: "early-other", sessionId: "other" });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events.settled()).toEqual(["early:job.completed:socket"]);
    expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["early-other"]);
    expect(api.pollsOf("early")).toBe(0);
  });

  it("contains a listener that throws: other listeners and later events still arrive", async () => {
    const { events, logger, delivery, peer } = await setUp();
    const bad = vi.fn(() => {
      throw new Error("listener bug");
    });
    delivery.subscribe(bad);
    delivery.track({ jobId: "j1", sessionId: "s1" });
    delivery.track({ jobId: "j2", sessionId: "s1" });
    peer.send(completedEvent("j1"));
    peer.send(completedEvent("j2"));
    await vi.waitFor(() => expect(events.settled()).toHaveLength(2), WAIT);
    expect(bad).toHaveBeenCalledTimes(2);
    expect(logger.entries.filter((e) => e.level === "error" && e.message.includes("listener threw"))).toHaveLength(2);
  });

  it("never puts the token in logs or errors", async () => {
    const { logger, peer } = await setUp();
    peer.send("{broken");
    peer.close(4403, "forbidden");
    await vi.waitFor(() => expect(delivery!.getConnection().reason).toBe("forbidden"), WAIT);
    expect(logger.text()).not.toContain(TOKEN);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { createJobDelivery, noopEnvironment, type JobDelivery, type JobDeliveryOptions } from "../../src/delivery/index.js";
import { collect, makeClient, recordingLogger } from "./support/delivery-harness.js";
import { createFakeJobApi, type FakeJobApi } from "./support/fake-job-api.js";
import { jobResult } from "./support/fixtures.js";
import { createManualTimers, type ManualTimers } from "./support/manual-timers.js";

const WAIT = { timeout: 3_000, interval: 2 };
/** The watched session's slow re-read, out of the way of the job timers these tests count. */
const SESSION_REFRESH_MS = 3_600_000;

describe("polling", () => {
  let delivery: JobDelivery | undefined;

  afterEach(() => {
    delivery?.stop();
    delivery = undefined;
    vi.useRealTimers();
  });

  /** Polling-only delivery (no WebSocket class) on a virtual clock. */
  function setUp(options: JobDeliveryOptions = {}, api: FakeJobApi = createFakeJobApi()) {
    const clock = createManualTimers();
    const logger = recordingLogger();
    delivery = createJobDelivery(makeClient({ api, timers: clock.timers, logger, socketUrl: "ws://127.0.0.1:9/unused", WebSocket: undefined }), {
      storage: createMemoryStorage(),
      environment: noopEnvironment,
      sessionRefreshMs: SESSION_REFRESH_MS,
      ...options,
    });
    const events = collect(delivery);
    delivery.watchSession("s1");
    /** Timers of jobs (polls, deadlines): every pending timer but the session's re-read. */
    const jobTimers = () => clock.pendingDelays().filter((ms) => ms !== SESSION_REFRESH_MS).length;
    return { api, clock, logger, events, delivery, jobTimers };
  }

  /** Fires the next poll and waits until its answer has been handled (settled or rescheduled). */
  async function firePoll(clock: ManualTimers, api: FakeJobApi, jobId: string, expectedDelay: number) {
    const before = api.pollsOf(jobId);
    expect(clock.pendingDelays()).toContain(expectedDelay);
    clock.advance(expectedDelay);
    await vi.waitFor(() => expect(api.pollsOf(jobId)).toBe(before + 1), WAIT);
  }

  it("reports why it polls when there is no WebSocket class or no socket URL", () => {
    const { delivery } = setUp();
    expect(delivery.getConnection()).toMatchObject({ status: "polling", reason: "no-websocket" });
    const other = createJobDelivery(makeClient({ api: createFakeJobApi() }), { storage: createMemoryStorage(), environment: noopEnvironment });
    const unsubscribe = other.subscribe(() => {});
    expect(other.getConnection()).toMatchObject({ status: "polling", reason: "no-socket-url" });
    unsubscribe();
    expect(other.getConnection()).toMatchObject({ status: "idle", reason: "no-listeners" });
  });

  it("backs off with jitter from pollInitialDelayMs, doubling up to pollMaxDelayMs, then delivers", async () => {
    const { clock, api, events, delivery, jobTimers } = setUp({ pollInitialDelayMs: 1_000, pollMaxDelayMs: 4_000 });
    delivery.track({ jobId: "j1", sessionId: "s1" });
    // random() = 0.5 puts every delay at 3/4 of its exponential step.
    for (const delay of [750, 1_500, 3_000, 3_000]) {
      await firePoll(clock, api, "j1", delay);
      await vi.waitFor(() => expect(jobTimers()).toBe(2), WAIT);
    }
    api.completed("j1");
    await firePoll(clock, api, "j1", 3_000);
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
    expect(events.completed()[0]!.result).toEqual(jobResult("j1"));
    expect(jobTimers()).toBe(0);
    expect(delivery.pendingJobs()).toEqual([]);
  });

  it("honours Retry-After on an in-progress poll", async () => {
    const { clock, api, events, delivery, jobTimers } = setUp();
    api.processing("j1", { "retry-after": "7" });
    delivery.track({ jobId: "j1", sessionId: "s1" });
    await firePoll(clock, api, "j1", 750);
    await vi.waitFor(() => expect(clock.pendingDelays()).toContain(7_000), WAIT);
    clock.advance(6_999);
    expect(api.pollsOf("j1")).toBe(1);
    api.completed("j1");
    await firePoll(clock, api, "j1", 7_000);
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
  });

  it("honours Retry-After on a 429 or 503 answer", async () => {
    const { clock, api, events, delivery, jobTimers } = setUp();
    api.reply("j1", { status: 429, body: { error: { code: "RATE_LIMITED", message: "slow down" } }, headers: { "retry-after": "9" } });
    delivery.track({ jobId: "j1", sessionId: "s1" });
    await firePoll(clock, api, "j1", 750);
    await vi.waitFor(() => expect(clock.pendingDelays()).toContain(9_000), WAIT);
    clock.advance(8_999);
    expect(api.pollsOf("j1")).toBe(1);
    api.completed("j1");
    await firePoll(clock, api, "j1", 9_000);
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
  });

  it("backs off through network errors and 5xx answers", async () => {
    const { clock, api, events, delivery, logger } = setUp();
    api.setNetworkDown(true);
    delivery.track({ jobId: "j1", sessionId: "s1" });
    await firePoll(clock, api, "j1", 750);
    await vi.waitFor(() => expect(clock.pendingDelays()).toContain(1_500), WAIT);
    api.setNetworkDown(false);
    api.reply("j1", { status: 503, body: { error: { code: "UNAVAILABLE", message: "busy" } } });
    await firePoll(clock, api, "j1", 1_500);
    await vi.waitFor(() => expect(clock.pendingDelays()).toContain(3_000), WAIT);
    api.completed("j1");
    await firePoll(clock, api, "j1", 3_000);
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.completed:poll"]), WAIT);
    expect(logger.entries.some((entry) => entry.level === "warn" && entry.message.includes("polling a job failed"))).toBe(true);
  });

  it("settles a FAILED job with JobFailedError", async () => {
    const { clock, api, events, delivery, jobTimers } = setUp();
    api.failed("j1", "CONTENT_FILTER");
    delivery.track({ jobId: "j1", sessionId: "s1" });
    clock.advance(750);
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.failed:poll"]), WAIT);
    expect(events.failed()[0]!.error).toMatchObject({ name: "JobFailedError", serverCode: "CONTENT_FILTER", jobId: "j1" });
  });

  it.each([404, 410] as const)("settles an expired job (%i) with ExpiredError", async (status) => {
    const { clock, api, events, delivery, jobTimers } = setUp();
    api.gone("j1", status);
    delivery.track({ jobId: "j1", sessionId: "s1" });
    clock.advance(750);
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.failed:poll"]), WAIT);
    expect(events.failed()[0]!.error).toMatchObject({ name: "ExpiredError", code: "JOB_EXPIRED", resource: "job", status });
    expect(jobTimers()).toBe(0);
  });

  it("fails a job that outlives jobDeadlineMs with JobTimeoutError, and stops polling it", async () => {
    const { clock, api, events, delivery, jobTimers } = setUp({ jobDeadlineMs: 20_000, pollMaxDelayMs: 4_000 });
    delivery.track({ jobId: "j1", sessionId: "s1" });
    for (let elapsed = 0; elapsed < 19_000; elapsed += 500) {
      clock.advance(500);
      await Promise.resolve();
      await vi.waitFor(() => expect(jobTimers()).toBe(2), WAIT);
    }
    expect(events.settled()).toEqual([]);
    const pollsBeforeDeadline = api.pollsOf("j1");
    clock.advance(1_000);
    // A deadline never beats a reply: one last poll first, and only then the timeout.
    await vi.waitFor(() => expect(events.settled()).toEqual(["j1:job.failed:deadline"]), WAIT);
    expect(api.pollsOf("j1")).toBe(pollsBeforeDeadline + 1);
    expect(events.failed()[0]!.error).toMatchObject({ name: "JobTimeoutError", code: "JOB_TIMEOUT", jobId: "j1", retryable: true });
    expect(jobTimers()).toBe(0);
    const polls = api.pollsOf("j1");
    clock.advance(60_000);
    expect(api.pollsOf("j1")).toBe(polls);
  });

  it("aborts polls in flight on stop() and emits nothing afterwards", async () => {
    const { clock, api, events, delivery, jobTimers } = setUp();
    api.completed("j1");
    const release = api.hold();
    delivery.track({ jobId: "j1", sessionId: "s1" });
    clock.advance(750);
    await vi.waitFor(() => expect(api.pollsOf("j1")).toBe(1), WAIT);
    delivery.stop();
    expect(api.polls[0]!.signal?.aborted).toBe(true);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.settled()).toEqual([]);
    expect(jobTimers()).toBe(0);
    expect(delivery.pendingJobs()).toHaveLength(1);
  });

  it("polls every pending job at once on reconcile()", async () => {
    const { clock, api, events, delivery, jobTimers } = setUp();
    delivery.track({ jobId: "a", sessionId: "s1" });
    delivery.track({ jobId: "b", sessionId: "s1" });
    api.completed("a");
    api.completed("b");
    delivery.reconcile();
    await vi.waitFor(() => expect(events.settled().sort()).toEqual(["a:job.completed:poll", "b:job.completed:poll"]), WAIT);
    expect(jobTimers()).toBe(0);
  });

  it("works on vi.useFakeTimers with the default system timers, and stop() leaves no timer", async () => {
    vi.useFakeTimers();
    const api = createFakeJobApi();
    delivery = createJobDelivery(makeClient({ api, WebSocket: undefined }), { storage: createMemoryStorage(), environment: noopEnvironment });
    const events = collect(delivery);
    delivery.watchSession("s1");
    delivery.track({ jobId: "j1", sessionId: "s1" });
    delivery.track({ jobId: "j2", sessionId: "s1" });
    api.completed("j1");
    await vi.advanceTimersByTimeAsync(750);
    expect(events.settled()).toEqual(["j1:job.completed:poll"]);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    delivery.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

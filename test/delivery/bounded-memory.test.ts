import { describe, expect, it } from "vitest";
import type { JobPoll } from "../../src/api/index.js";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { createBoundedIdSet } from "../../src/delivery/bounded-id-set.js";
import { createEarlyReports } from "../../src/delivery/early-reports.js";
import type { JobOutcome } from "../../src/delivery/job-outcome.js";
import { createJobDelivery, noopEnvironment } from "../../src/delivery/index.js";
import { makeClient } from "./support/delivery-harness.js";
import { createFakeJobApi } from "./support/fake-job-api.js";
import { jobResult } from "./support/fixtures.js";
import { createManualTimers } from "./support/manual-timers.js";

describe("bounded memory", () => {
  it("a bounded id set forgets the oldest ids past its limit", () => {
    const ids = createBoundedIdSet(3);
    for (const id of ["a", "b", "c", "d"]) ids.add(id);
    expect([ids.has("a"), ids.has("b"), ids.has("d"), ids.size]).toEqual([false, true, true, 3]);
    ids.add("b");
    ids.add("e");
    expect([ids.has("b"), ids.has("c")]).toEqual([true, false]);
    for (let i = 0; i < 100_000; i++) ids.add(`id-${i}`);
    expect(ids.size).toBe(3);
  });

  it("early outcomes are capped and expire", () => {
    let now = 0;
    const early = createEarlyReports<JobOutcome>({ limit: 2, ttlMs: 1_000, now: () => now });
    const outcome = { type: "completed" as const, result: jobResult() as never };
    early.remember("a", outcome);
    early.remember("b", outcome);
    early.remember("c", outcome);
    expect(early.take("a")).toBeUndefined();
    expect(early.take("b")).toBe(outcome);
    now = 1_001;
    expect(early.take("c")).toBeUndefined();
  });

  it("stays flat across 100,000 jobs: nothing pending, no timer left, settled ids capped at rememberIds", async () => {
    const clock = createManualTimers();
    const base = makeClient({ api: createFakeJobApi(), timers: clock.timers, WebSocket: undefined });
    // Straight to the poller's contract, skipping HTTP: 100,000 real requests would test fetch, not delivery.
    const getJob = async (jobId: string): Promise<JobPoll> => ({
      job: { jobId, sessionId: "s1", status: "COMPLETED", result: jobResult(jobId) as never },
      retryAfterMs: null,
    });
    const client = { ...base, api: { ...base.api, getJob } };
    const storage = createMemoryStorage();
    const delivery = createJobDelivery(client, { storage, environment: noopEnvironment, pollInitialDelayMs: 0, rememberIds: 1_000 });
    let delivered = 0;
    delivery.subscribe((event) => {
      if (event.type === "job.completed") delivered++;
    });
    const batch = 50;
    for (let start = 0; start < 100_000; start += batch) {
      for (let i = start; i < start + batch; i++) delivery.track({ jobId: `job-${i}`, sessionId: "s1" });
      clock.advance(0);
      while (delivered < start + batch) await new Promise((resolve) => setImmediate(resolve));
      expect(clock.pending()).toBe(0);
    }
    expect(delivered).toBe(100_000);
    expect(delivery.pendingJobs()).toEqual([]);
    expect(storage.getItem("coaching-session-sdk:pending-jobs")).toBeNull();
    // The newest settled ids are still remembered (tracking again is a no-op)...
    delivery.track({ jobId: "job-99999", sessionId: "s1" });
    expect(delivery.pendingJobs()).toEqual([]);
    // ...the oldest were forgotten: memory is capped, not growing with every job.
    delivery.track({ jobId: "job-0", sessionId: "s1" });
    expect(delivery.pendingJobs().map((job) => job.jobId)).toEqual(["job-0"]);
    delivery.stop();
    expect(clock.pending()).toBe(0);
  }, 60_000);
});

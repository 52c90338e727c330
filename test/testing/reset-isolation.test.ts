import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { KeyValueStorage } from "../../src/shared/storage.js";
import { createLifecycleKit, replies } from "../lifecycle/support.js";
import { waitFor } from "./support.js";

// The README's recipe (`mock.reset()` in `afterEach`) with one storage for the whole file, as
// sessionStorage is in a browser-like test environment: what the SDK persisted in one test is
// still there in the next.
const kit = createLifecycleKit();
/** A Map-backed storage shared by the whole file, readable in full so a test can see what was persisted. */
const entries = new Map<string, string>();
const storage: KeyValueStorage = {
  getItem: (key) => entries.get(key) ?? null,
  setItem: (key, value) => void entries.set(key, value),
  removeItem: (key) => void entries.delete(key),
};
const persisted = (jobId: string) => [...entries.values()].some((value) => value.includes(`"${jobId}"`));

beforeAll(() => kit.mock.listen({ onUnhandled: "error" }));
afterEach(() => {
  kit.stopAll();
  kit.mock.reset();
});
afterAll(() => kit.mock.close());

describe("mock.reset() between tests that share the SDK's storage", () => {
  let leftPending = "";

  it("a test that ends with its reply still pending", async () => {
    kit.backend.faults.setProcessingDelay(60_000);
    const { actor, until } = kit.open({ storage });
    await until((s) => s.matches("active"));
    actor.send({ type: "SEND", text: "left pending" });
    leftPending = (await waitFor(() => kit.backend.jobs()[0])).jobId;
    // The SDK persisted the pending job: that is what outlives this test.
    await waitFor(() => persisted(leftPending));
  });

  it("the next test's job gets a new id, so its reply arrives", async () => {
    expect(persisted(leftPending)).toBe(true);
    const { actor, until } = kit.open({ storage });
    await until((s) => s.matches("active") || s.matches("choosing"));
    actor.send({ type: "SEND", text: "hello" });
    const done = await until((s) => replies(s).length === 1);
    expect(kit.backend.jobs().map((job) => job.jobId)).not.toContain(leftPending);
    expect(replies(done)[0]?.content).toContain("hello");
  });
});

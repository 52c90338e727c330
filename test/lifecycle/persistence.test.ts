import { describe, expect, it } from "vitest";
import { clearPersistedState } from "../../src/shared/persisted-entries.js";
import { createMemoryStorage, type KeyValueStorage } from "../../src/shared/storage.js";
import { useLifecycleKit, replies } from "./support.js";

// What the SDK keeps between page loads belongs to one user, survives other writers, and is
// distrusted when read back; a token provider that hangs cannot freeze the session.

/** The token is the user's name: the mock serves each user their own sessions and jobs. */
const kit = useLifecycleKit({ userOf: (token) => token ?? "anonymous" });

const as = (user: string) => ({ getToken: () => user });
const sdkEntries = (storage: KeyValueStorage & { keys?: () => string[] }, keys: string[]) =>
  Object.fromEntries(keys.map((key) => [key, storage.getItem(key)]).filter(([, value]) => value !== null));

describe("state persisted per user", () => {
  it("never polls or sends what another user left in the same storage", async () => {
    const storage = createMemoryStorage();
    kit.backend.faults.setProcessingDelay(60_000);
    const alice = kit.open({ storage, userKey: "alice", client: as("alice"), socket: false });
    await alice.until((s) => s.matches("active"));
    alice.actor.send({ type: "SEND", text: "alice's reply is pending" });
    const pending = await alice.until((s) => s.context.awaiting !== null);
    alice.actor.send({ type: "SEND", text: "alice's unsent text" });
    const alicesJob = pending.context.awaiting!.jobId;
    alice.actor.stop(); // signs out without clearing anything

    const bob = kit.open({ storage, userKey: "bob", client: as("bob"), socket: false });
    const active = await bob.until((s) => s.matches("active"));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const bobsCalls = kit.backend.requests.filter((r) => r.user === "bob");
    expect(bobsCalls.filter((r) => r.path.includes(alicesJob))).toEqual([]);
    expect(bobsCalls.filter((r) => r.route === "sendMessage")).toEqual([]);
    expect(active.context.messages).toEqual([]);
  });

  it("without a userKey, still polls nothing of a session it was not given", async () => {
    const storage = createMemoryStorage();
    kit.backend.faults.setProcessingDelay(60_000);
    const alice = kit.open({ storage, client: as("alice"), socket: false });
    await alice.until((s) => s.matches("active"));
    alice.actor.send({ type: "SEND", text: "pending" });
    const alicesJob = (await alice.until((s) => s.context.awaiting !== null)).context.awaiting!.jobId;
    alice.actor.stop();

    const bob = kit.open({ storage, client: as("bob"), socket: false });
    await bob.until((s) => s.matches("active"));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(kit.backend.requests.filter((r) => r.user === "bob" && r.path.includes(alicesJob))).toEqual([]);
  });

  it("clearPersistedState forgets one user's outbox and pending jobs, and keeps the others'", async () => {
    const storage = createMemoryStorage();
    kit.backend.faults.setProcessingDelay(60_000);
    for (const user of ["alice", "bob"]) {
      const tab = kit.open({ storage, userKey: user, client: as(user), socket: false });
      await tab.until((s) => s.matches("active"));
      tab.actor.send({ type: "SEND", text: `${user} waits` });
      await tab.until((s) => s.context.awaiting !== null);
      tab.actor.send({ type: "SEND", text: `${user} queued` });
      tab.actor.stop();
    }
    const keys = (user: string) => [`coaching-session-sdk:${user}:outbox`, `coaching-session-sdk:${user}:pending-jobs`];
    expect(Object.keys(sdkEntries(storage, [...keys("alice"), ...keys("bob")]))).toHaveLength(4);
    clearPersistedState(storage, "alice");
    expect(sdkEntries(storage, keys("alice"))).toEqual({});
    expect(Object.keys(sdkEntries(storage, keys("bob")))).toHaveLength(2);
    // Nothing the SDK stored holds a token.
    expect(JSON.stringify(sdkEntries(storage, keys("bob")))).not.toMatch(/Bearer|"bob"\s*:/);
  });
});

describe("two tabs on one storage", () => {
  it("keep each other's unsent messages: a reload finds its own", async () => {
    const storage = createMemoryStorage();
    kit.backend.faults.setProcessingDelay(60_000);
    const first = kit.open({ storage, client: as("ada"), socket: false });
    const started = await first.until((s) => s.matches("active"));
    first.actor.send({ type: "SEND", text: "awaited in tab one" });
    await first.until((s) => s.context.awaiting !== null);
    first.actor.send({ type: "SEND", text: "queued in tab one" });

    const second = kit.open({ storage, client: as("ada"), socket: false, autoResume: true });
    await second.until((s) => s.matches("active") && s.context.session?.id === started.context.session!.id);
    second.actor.send({ type: "SEND", text: "queued in tab two" });
    first.actor.stop();
    second.actor.stop();

    const reloaded = kit.open({ storage, client: as("ada"), socket: false, autoResume: true });
    const s = await reloaded.until((s) => s.matches("active") && s.context.outbox.length === 2);
    expect(s.context.messages.map((m) => m.content)).toEqual(["awaited in tab one", "queued in tab one", "queued in tab two"]);
  });
});

describe("entries read back are distrusted", () => {
  it("drops, alone and with a warning, an unsent message whose id is no legal header, and a huge trackedAt does not time a job out", async () => {
    const storage = createMemoryStorage();
    const warnings: string[] = [];
    const logger = { debug() {}, warn: (message: string) => void warnings.push(message), error() {} };
    const first = kit.open({ storage, client: as("eve"), socket: false });
    const started = await first.until((s) => s.matches("active"));
    first.actor.stop();
    const sessionId = started.context.session!.id;
    const at = new Date().toISOString();
    storage.setItem(
      "coaching-session-sdk:default:outbox",
      JSON.stringify([
        { sessionId, clientMessageId: "bad\nid", content: "never sendable", createdAt: at },
        { sessionId, clientMessageId: "good-id", content: "sent once", createdAt: at },
      ]),
    );
    storage.setItem("coaching-session-sdk:default:pending-jobs", JSON.stringify([{ jobId: "job_far_future", sessionId, trackedAt: 1e300 }]));

    const reloaded = kit.open({ storage, client: { ...as("eve"), logger }, socket: false, autoResume: true });
    const s = await reloaded.until((s) => replies(s).length === 1);
    expect(s.context.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["sent once"]);
    expect(kit.backend.messagesByClientId("good-id")).toBe(1);
    expect(warnings.some((w) => w.includes("legal header value"))).toBe(true);
    expect(s.context.messages.some((m) => m.error?.code === "JOB_TIMEOUT")).toBe(false);
  });
});

describe("a token provider that hangs", () => {
  it("fails the check with a typed AuthError (token-timeout) and RETRY gets a fresh token", async () => {
    let hang = true;
    const getToken = () => (hang ? new Promise<string>(() => {}) : "ivy");
    const { actor, until } = kit.open({ client: { getToken, tokenTimeoutMs: 50 } });
    const failed = await until((s) => s.matches("failed"));
    expect(failed.context.error).toMatchObject({ code: "AUTH_ERROR", reason: "token-timeout" });
    hang = false;
    actor.send({ type: "RETRY" });
    await until((s) => s.matches("active"));
  });

  it("fails a send whose refresh hangs after a 401, and RETRY sends it once", async () => {
    let refreshes = 0;
    let hangRefresh = true;
    const getToken = ({ forceRefresh }: { forceRefresh: boolean }) => {
      if (!forceRefresh) return "ivy";
      refreshes += 1;
      return hangRefresh ? new Promise<string>(() => {}) : "ivy";
    };
    const { actor, until } = kit.open({ client: { getToken, tokenTimeoutMs: 50 }, socket: false });
    await until((s) => s.matches("active"));
    kit.backend.scenario.expireTokens(1);
    actor.send({ type: "SEND", text: "through a hung refresh" });
    const failed = await until((s) => s.context.messages[0]?.delivery === "failed");
    expect(failed.context.messages[0]!.error).toMatchObject({ code: "AUTH_ERROR", reason: "token-timeout" });
    hangRefresh = false;
    actor.send({ type: "RETRY" });
    const s = await until((s) => replies(s).length === 1);
    expect(kit.backend.messagesByClientId(s.context.messages[0]!.clientMessageId!)).toBe(1);
    expect(refreshes).toBeGreaterThanOrEqual(1);
  });
});

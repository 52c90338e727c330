import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sessionSchema } from "../../src/contract/index.js";
import { MockKitError, type MockCoachingBackend } from "../../src/testing/index.js";
import { call, newBackend, sendMessage } from "./support.js";

const NOW = Date.parse("2030-01-01T12:00:00Z");
let backend: MockCoachingBackend;
beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  backend = newBackend({ sessionTtlMs: 3_600_000 });
});
afterEach(() => {
  backend.close();
  vi.useRealTimers();
});

const current = async () => (await call(backend, "GET", "/coaching/sessions/current")).body as any;
const transcript = [
  { role: "user" as const, content: "I want to sleep better" },
  { role: "coach" as const, content: "What gets in the way?" },
];

describe("scenario.seedSession", () => {
  it("seeds an idle PAUSED session that GET current returns with its transcript and times", async () => {
    const lastActivityAt = NOW - 20 * 60_000;
    const seeded = backend.scenario.seedSession({ status: "PAUSED", messages: transcript, lastActivityAt });
    expect(sessionSchema.safeParse(seeded).success).toBe(true);

    const { session } = await current();
    expect(session).toEqual(seeded);
    expect(session).toMatchObject({
      status: "PAUSED",
      lastActivityAt: new Date(lastActivityAt).toISOString(),
      createdAt: new Date(lastActivityAt).toISOString(),
      expiresAt: new Date(lastActivityAt + 3_600_000).toISOString(),
    });
    expect(session.messages.map((m: any) => [m.role, m.content, m.createdAt])).toEqual([
      ["user", "I want to sleep better", new Date(lastActivityAt).toISOString()],
      ["coach", "What gets in the way?", new Date(lastActivityAt).toISOString()],
    ]);
    expect(new Set(session.messages.map((m: any) => m.id)).size).toBe(2);
  });

  it("resumes like any session, and its user messages count as turns", async () => {
    const { id } = backend.scenario.seedSession({ status: "PAUSED", messages: [...transcript, ...transcript] });
    expect((await call(backend, "POST", `/coaching/sessions/${id}/resume`)).body).toMatchObject({ session: { status: "ACTIVE" } });
    // Two seeded user messages: the next one is turn 3 of 3, so its reply is final.
    const { jobId } = (await sendMessage(backend, id, "Less coffee", "c-3")).body as { jobId: string };
    await vi.advanceTimersByTimeAsync(20);
    expect((await call(backend, "GET", `/coaching/jobs/${jobId}`)).body).toMatchObject({ result: { isFinal: true, sessionStatus: "COMPLETED" } });
  });

  it("seeds past the TTL as expired, and defaults to an ACTIVE session with no messages, now", async () => {
    const old = backend.scenario.seedSession({ lastActivityAt: new Date(NOW - 2 * 3_600_000).toISOString() });
    expect((await current()).session).toBeNull();
    expect((await call(backend, "GET", `/coaching/sessions/${old.id}`)).status).toBe(410);

    const fresh = backend.scenario.seedSession();
    expect(fresh).toMatchObject({ status: "ACTIVE", messages: [], lastActivityAt: new Date(NOW).toISOString(), result: null, replacedBy: null });
    expect((await current()).session.id).toBe(fresh.id);
  });

  it("gives a COMPLETED session a result unless one is given, and keeps given message fields", () => {
    expect(backend.scenario.seedSession({ status: "COMPLETED" }).result).toEqual({ summary: expect.any(String), extracted: {} });
    const given = { summary: "Done", extracted: { goal: "sleep" } };
    const seeded = backend.scenario.seedSession({
      status: "COMPLETED",
      result: given,
      messages: [{ role: "user", content: "hi", id: "m-1", clientMessageId: "c-1", createdAt: "2029-12-31T00:00:00.000Z" }],
    });
    expect(seeded.result).toEqual(given);
    expect(seeded.messages).toEqual([{ id: "m-1", role: "user", content: "hi", clientMessageId: "c-1", createdAt: "2029-12-31T00:00:00.000Z" }]);
    expect(backend.messagesByClientId("c-1")).toBe(1);
  });

  it("seeds for one user when asked; others do not see it", async () => {
    backend.close();
    backend = newBackend({ userOf: (token) => token ?? "anonymous" });
    const seeded = backend.scenario.seedSession({ user: "alice" });
    expect(((await call(backend, "GET", "/coaching/sessions/current", { token: "alice" })).body as any).session.id).toBe(seeded.id);
    expect(((await call(backend, "GET", "/coaching/sessions/current", { token: "bob" })).body as any).session).toBeNull();
  });

  it.each([
    [{ status: "OPEN" }, /status/],
    [{ lastActivityAt: "yesterday" }, /lastActivityAt/],
    [{ messages: [{ role: "system", content: "x" }] }, /messages\[0\]\.role/],
    [{ messages: [{ role: "user" }] }, /messages\[0\]\.content/],
    [{ createdAt: 1e20 }, /createdAt/],
  ])("refuses %j with an INVALID_OPTION MockKitError and stores nothing", (seed, field) => {
    let caught: unknown;
    try {
      backend.scenario.seedSession(seed as any);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MockKitError);
    expect(caught).toMatchObject({ code: "INVALID_OPTION", message: expect.stringMatching(field) });
    expect(backend.sessions()).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobSchema, parseServerFrame } from "../../src/contract/index.js";
import type { MockBackendOptions, MockCoachingBackend } from "../../src/testing/index.js";
import { call, fakePeer, newBackend, sendMessage, startSession } from "./support.js";

// processingDelayMs 20 (support's default): PROCESSING at 10, chunks at 12, 14, 16, 18, done at 20.
let backend: MockCoachingBackend;
beforeEach(() => {
  vi.useFakeTimers();
  backend = newBackend();
});
afterEach(() => {
  backend.close();
  vi.useRealTimers();
});

function use(options: MockBackendOptions) {
  backend.close();
  backend = newBackend(options);
}

/** A socket subscribed to the session; `events()` are its event frames in arrival order. */
function subscribed(sessionId: string) {
  const socket = fakePeer();
  const connection = backend.acceptSocket(socket.peer);
  connection.receive(JSON.stringify({ type: "auth", token: "t" }));
  connection.receive(JSON.stringify({ type: "subscribe", sessionId }));
  const events = () => socket.frames().filter((frame) => frame.type.includes("."));
  return { ...socket, events, progress: () => events().filter((frame) => frame.type === "job.progress") };
}

async function sendOne(text = "I want to run a marathon") {
  const { id } = await startSession(backend);
  const socket = subscribed(id);
  const { jobId } = (await sendMessage(backend, id, text, `c-${text}`)).body as { jobId: string };
  return { id, socket, jobId };
}

const getJob = async (jobId: string) => (await call(backend, "GET", `/coaching/jobs/${jobId}`)).body as any;
const cancel = (jobId: string, key?: string) => call(backend, "POST", `/coaching/jobs/${jobId}/cancel`, key ? { key } : {});

describe("streamed replies (contract v1.1), on by default", () => {
  it("sends the reply in 4 job.progress chunks between PROCESSING and completion, at v1's times", async () => {
    const { id, socket, jobId } = await sendOne();
    await vi.advanceTimersByTimeAsync(11);
    expect(socket.progress()).toEqual([]);
    await vi.advanceTimersByTimeAsync(8);
    expect((await getJob(jobId)).status).toBe("PROCESSING");
    await vi.advanceTimersByTimeAsync(1);

    const progress = socket.progress();
    expect(progress.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    for (const event of progress) {
      expect(Object.keys(event).sort()).toEqual(["delta", "eventId", "jobId", "seq", "sessionId", "type"]);
      expect(event).toMatchObject({ jobId, sessionId: id, delta: expect.any(String) });
    }
    const completed = socket.events().at(-1);
    expect(completed.type).toBe("job.completed");
    expect(progress.map((e) => e.delta).join("")).toBe(completed.result.reply.content);
    expect(new Set(socket.events().map((e) => e.eventId)).size).toBe(socket.events().length);
    // What a v1 client makes of a progress frame: an unknown type it skips, not an invalid frame.
    expect(parseServerFrame(JSON.stringify(progress[0])).kind).not.toBe("invalid");
    expect(backend.pendingTimers()).toBe(0);
  });

  it("shows the text so far as `partial` on polls of a PROCESSING job, and only then", async () => {
    const { socket, jobId } = await sendOne();
    expect((await getJob(jobId)).partial).toBeUndefined();
    await vi.advanceTimersByTimeAsync(11);
    expect(await getJob(jobId)).toMatchObject({ status: "PROCESSING" });
    expect((await getJob(jobId)).partial).toBeUndefined();
    await vi.advanceTimersByTimeAsync(3);
    const deltas = socket.progress().map((e) => e.delta);
    expect(deltas).toHaveLength(2);
    const polled = await getJob(jobId);
    expect(polled.partial).toEqual({ seq: 2, text: deltas.join("") });
    expect(jobSchema.safeParse(polled).success).toBe(true);
    await vi.advanceTimersByTimeAsync(6);
    const done = await getJob(jobId);
    expect(done.status).toBe("COMPLETED");
    expect(done.partial).toBeUndefined();
    expect(done.result.stopped).toBeUndefined();
  });

  it("sends fewer chunks for a reply of fewer words, and spaces them by chunkIntervalMs when set", async () => {
    use({ coach: () => ({ content: "Sure thing." }), streaming: { chunkCount: 5, chunkIntervalMs: 30 } });
    const { socket, jobId } = await sendOne();
    await vi.advanceTimersByTimeAsync(10 + 30);
    expect(socket.progress().map((e) => e.delta)).toEqual(["Sure "]);
    await vi.advanceTimersByTimeAsync(30);
    expect(socket.progress().map((e) => e.delta)).toEqual(["Sure ", "thing."]);
    // Five slots of 30 ms outlast the 20 ms delay: the job completes after the last slot.
    await vi.advanceTimersByTimeAsync(89);
    expect((await getJob(jobId)).status).toBe("PROCESSING");
    await vi.advanceTimersByTimeAsync(1);
    expect((await getJob(jobId)).status).toBe("COMPLETED");
  });

  it.each([{ streaming: false }, { streaming: { chunkCount: 0 } }])("is v1 exactly with %j: no progress, no partial, the same events and times", async (options) => {
    use(options);
    const { socket, jobId } = await sendOne();
    await vi.advanceTimersByTimeAsync(15);
    expect(await getJob(jobId)).toEqual({ jobId, sessionId: expect.any(String), status: "PROCESSING" });
    await vi.advanceTimersByTimeAsync(5);
    expect(socket.events().map((e) => e.type)).toEqual(["job.completed"]);
    expect(Object.keys(await getJob(jobId)).sort()).toEqual(["jobId", "result", "sessionId", "status"]);
  });

  it("setStreaming applies to jobs created from then on; reset restores the option", async () => {
    const { id, socket } = await sendOne();
    backend.scenario.setStreaming(false);
    await sendMessage(backend, id, "second", "c-2");
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.progress()).toHaveLength(4);
    backend.reset();
    const again = await sendOne();
    await vi.advanceTimersByTimeAsync(20);
    expect(again.socket.progress()).toHaveLength(4);
    expect(() => backend.scenario.setStreaming({ chunkCount: -1 })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
  });
});

describe("POST /coaching/jobs/{jobId}/cancel", () => {
  it("completes a PROCESSING job that has text with the text so far: stopped, not final, then job.completed", async () => {
    use({ turnsUntilFinal: 1 });
    const { id, socket, jobId } = await sendOne();
    await vi.advanceTimersByTimeAsync(14);
    const soFar = socket.progress().map((e) => e.delta).join("");
    const res = await cancel(jobId, "stop-1");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jobId, status: "COMPLETED", result: { stopped: true, isFinal: false, sessionStatus: "ACTIVE", reply: { role: "coach", content: soFar, jobId } } });
    expect(jobSchema.safeParse(res.body).success).toBe(true);
    expect(socket.events().at(-1)).toMatchObject({ type: "job.completed", jobId, result: { stopped: true, reply: { content: soFar } } });

    await vi.advanceTimersByTimeAsync(20);
    expect(socket.progress()).toHaveLength(2);
    expect(socket.events().filter((e) => e.type === "job.completed")).toHaveLength(1);
    const session = backend.sessions()[0]!;
    expect(session.status).toBe("ACTIVE");
    expect(session.messages?.map((m) => [m.role, m.content])).toEqual([["user", "I want to run a marathon"], ["coach", soFar]]);
    expect(backend.pendingTimers()).toBe(0);

    // Idempotent: the same key replays, a new key finds the job finished and returns it as it is.
    const replay = await cancel(jobId, "stop-1");
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect((await cancel(jobId, "stop-2")).body).toEqual(res.body);
    expect(socket.events().filter((e) => e.type === "job.completed")).toHaveLength(1);
    // The stopped turn was the final one; the next reply ends the session instead.
    await sendMessage(backend, id, "again", "c-again");
    await vi.advanceTimersByTimeAsync(20);
    expect(backend.sessions()[0]?.status).toBe("COMPLETED");
  });

  it.each([
    ["QUEUED", 0],
    ["PROCESSING with no text yet", 11],
  ])("fails a %s job with CANCELLED, then job.failed; the user message stays", async (_, wait) => {
    const { socket, jobId } = await sendOne();
    await vi.advanceTimersByTimeAsync(wait);
    const res = await cancel(jobId);
    expect(res.body).toEqual({ jobId, sessionId: expect.any(String), status: "FAILED", error: { code: "CANCELLED", message: expect.any(String), retryable: false } });
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.events().map((e) => e.type)).toEqual(["job.failed"]);
    expect(backend.sessions()[0]?.messages?.map((m) => m.role)).toEqual(["user"]);
    expect(backend.pendingTimers()).toBe(0);
  });

  it("returns a finished job as it is, and answers 404 / 410 JOB_EXPIRED as the job status route does", async () => {
    const { socket, jobId } = await sendOne();
    await vi.advanceTimersByTimeAsync(20);
    const done = await getJob(jobId);
    expect((await cancel(jobId)).body).toEqual(done);
    expect(socket.events().filter((e) => e.type === "job.completed")).toHaveLength(1);

    expect((await cancel("job_nope")).body).toMatchObject({ error: { code: "JOB_NOT_FOUND" } });
    backend.scenario.expireJob(jobId);
    const expired = await cancel(jobId);
    expect(expired).toMatchObject({ status: 410, body: { error: { code: "JOB_EXPIRED" } } });
  });

  it("hides another user's job (404) and follows an overridden cancel route", async () => {
    use({ userOf: (token) => token ?? "anon", routes: { cancelJob: (jobId) => `/v2/jobs/${jobId}:stop` } });
    const { id } = await startSession(backend);
    const { jobId } = (await sendMessage(backend, id, "hi", "c-1")).body as { jobId: string };
    expect((await call(backend, "POST", `/v2/jobs/${jobId}:stop`, { token: "someone-else" })).status).toBe(404);
    expect((await call(backend, "POST", `/v2/jobs/${jobId}:stop`)).body).toMatchObject({ status: "FAILED" });
    expect((await cancel(jobId)).status).toBe(404);
  });
});

describe("event faults aimed at progress frames", () => {
  it("duplicates progress frames only, with the same eventId", async () => {
    const { id, socket } = await sendOne();
    backend.faults.duplicateEvents(true, { events: "progress" });
    await vi.advanceTimersByTimeAsync(20);
    backend.scenario.pauseElsewhere(id);
    expect(socket.progress().map((e) => e.seq)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(socket.progress()[0].eventId).toBe(socket.progress()[1].eventId);
    expect(socket.events().filter((e) => e.type !== "job.progress").map((e) => e.type)).toEqual(["job.completed", "session.updated"]);
  });

  it("drops chunks by seq (a gap) or every chunk, and the completion still arrives", async () => {
    const { id, socket } = await sendOne();
    backend.faults.dropEvents(true, { seqs: [2] });
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.progress().map((e) => e.seq)).toEqual([1, 3, 4]);

    backend.faults.dropEvents(true, { events: "progress" });
    await sendMessage(backend, id, "next", "c-next");
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.progress()).toHaveLength(3);
    expect(socket.events().filter((e) => e.type === "job.completed")).toHaveLength(2);
  });

  it("reorders progress frames only: chunks come newest first, the completion is not held", async () => {
    const { socket } = await sendOne();
    backend.faults.reorderEvents(true, { events: "progress", windowMs: 100 });
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.events().map((e) => e.type)).toEqual(["job.completed"]);
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.events().map((e) => e.seq ?? e.type)).toEqual(["job.completed", 4, 3, 2, 1]);
  });

  it("refuses a filter it cannot apply, with a typed error", () => {
    const error = (() => {
      try {
        backend.faults.dropEvents(true, { events: "chunks" as "progress" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ name: "MockKitError", code: "INVALID_OPTION" });
    expect(() => backend.faults.duplicateEvents(true, { seqs: [0] })).toThrow(/seqs/);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobSchema, sendMessageResponseSchema, sessionResponseSchema } from "../../src/contract/index.js";
import type { MockCoachingBackend } from "../../src/testing/index.js";
import { call, newBackend, sendMessage, startSession } from "./support.js";

let backend: MockCoachingBackend;
beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
  backend = newBackend({ processingDelayMs: 20 });
});
afterEach(() => {
  backend.close();
  vi.useRealTimers();
});

const getJob = async (jobId: string) => {
  const res = await call(backend, "GET", `/coaching/jobs/${jobId}`);
  return { res, job: res.status === 200 ? jobSchema.parse(res.body) : null };
};
const transcript = async (id: string) =>
  sessionResponseSchema.parse((await call(backend, "GET", `/coaching/sessions/${id}`)).body).session.messages ?? [];

describe("messages and jobs", () => {
  it("queues a job, stores the user message at once, and completes the job after the delay", async () => {
    const { id } = await startSession(backend);
    const res = await sendMessage(backend, id, "I want to run a marathon", "c-1");
    expect(res.status).toBe(202);
    const { jobId, messageId } = sendMessageResponseSchema.parse(res.body);

    expect(await transcript(id)).toEqual([expect.objectContaining({ id: messageId, role: "user", clientMessageId: "c-1", jobId })]);
    const queued = await getJob(jobId);
    expect(queued.job?.status).toBe("QUEUED");
    expect(queued.res.headers["retry-after"]).toBe("1");

    await vi.advanceTimersByTimeAsync(10);
    expect((await getJob(jobId)).job?.status).toBe("PROCESSING");
    await vi.advanceTimersByTimeAsync(9);
    expect((await getJob(jobId)).job?.status).toBe("PROCESSING");
    await vi.advanceTimersByTimeAsync(1);

    const done = await getJob(jobId);
    expect(done.res.headers["retry-after"]).toBeUndefined();
    expect(done.job).toMatchObject({ status: "COMPLETED", result: { isFinal: false, sessionStatus: "ACTIVE", reply: { role: "coach", jobId } } });
    expect(done.job?.result?.reply.content).toContain('you said "I want to run a marathon"');
    expect((await transcript(id)).map((m) => m.role)).toEqual(["user", "coach"]);
    expect(backend.pendingTimers()).toBe(0);
  });

  it("makes the reply to the 3rd message final: result present, session COMPLETED", async () => {
    const { id } = await startSession(backend);
    const jobIds: string[] = [];
    for (const [i, text] of ["goal", "obstacle", "first step"].entries()) {
      jobIds.push((sendMessageResponseSchema.parse((await sendMessage(backend, id, text, `c-${i}`)).body)).jobId);
      await vi.advanceTimersByTimeAsync(20);
    }
    const first = (await getJob(jobIds[0]!)).job;
    expect(first?.result).toMatchObject({ isFinal: false });
    expect(first?.result?.result).toBeUndefined();
    const final = (await getJob(jobIds[2]!)).job;
    expect(final?.result).toMatchObject({
      isFinal: true,
      sessionStatus: "COMPLETED",
      result: { summary: "Session completed after 3 turns.", extracted: { answer1: "goal", answer2: "obstacle", answer3: "first step" } },
    });
    const session = sessionResponseSchema.parse((await call(backend, "GET", `/coaching/sessions/${id}`)).body).session;
    expect(session).toMatchObject({ status: "COMPLETED", result: final?.result?.result });
    expect(((await call(backend, "GET", "/coaching/sessions/current")).body as any).session).toBeNull();
    expect((await sendMessage(backend, id, "more?", "c-late")).status).toBe(409);
  });

  it("uses a custom coach and turnsUntilFinal", async () => {
    backend.close();
    backend = newBackend({
      turnsUntilFinal: 1,
      coach: ({ turn, userText, isFinal }) => ({ content: `#${turn} ${userText.toUpperCase()}`, extracted: { mood: "ok" }, summary: isFinal ? "done" : "" }),
    });
    const { id } = await startSession(backend);
    const { jobId } = sendMessageResponseSchema.parse((await sendMessage(backend, id, "hi", "c-1")).body);
    await vi.advanceTimersByTimeAsync(20);
    expect((await getJob(jobId)).job?.result).toMatchObject({ reply: { content: "#1 HI" }, isFinal: true, result: { summary: "done", extracted: { mood: "ok" } } });
  });

  it("refuses to send unless ACTIVE (409) and over the size limit (413)", async () => {
    const { id } = await startSession(backend);
    const big = await sendMessage(backend, id, "x".repeat(4001), "c-big");
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ error: { code: "MESSAGE_TOO_LARGE" } });
    expect((await sendMessage(backend, id, "x".repeat(4000), "c-max")).status).toBe(202);

    await call(backend, "POST", `/coaching/sessions/${id}/pause`);
    const paused = await sendMessage(backend, id, "hello", "c-2");
    expect(paused.status).toBe(409);
    expect(paused.body).toMatchObject({ error: { code: "SESSION_NOT_ACTIVE" } });
    const invalid = await call(backend, "POST", `/coaching/sessions/${id}/messages`, { body: { content: "no id" } });
    expect(invalid.status).toBe(400);
  });

  it("expires jobs: 410 JOB_EXPIRED on purpose or after jobTtlMs, 404 for unknown ids", async () => {
    backend.close();
    backend = newBackend({ jobTtlMs: 1000 });
    const { id } = await startSession(backend);
    const a = sendMessageResponseSchema.parse((await sendMessage(backend, id, "a", "c-a")).body).jobId;
    backend.scenario.expireJob(a);
    expect((await getJob(a)).res).toMatchObject({ status: 410, body: { error: { code: "JOB_EXPIRED" } } });
    const b = sendMessageResponseSchema.parse((await sendMessage(backend, id, "b", "c-b")).body).jobId;
    await vi.advanceTimersByTimeAsync(1000);
    expect((await getJob(b)).res.status).toBe(410);
    expect((await getJob("job_404")).res.status).toBe(404);
  });

  it("fails the next job on request, and jobs whose session was cancelled meanwhile", async () => {
    const { id } = await startSession(backend);
    backend.faults.failJobs(1, { code: "OVERLOADED" });
    const a = sendMessageResponseSchema.parse((await sendMessage(backend, id, "a", "c-a")).body).jobId;
    await vi.advanceTimersByTimeAsync(20);
    expect((await getJob(a)).job).toMatchObject({ status: "FAILED", error: { code: "OVERLOADED", retryable: true } });
    expect((await transcript(id)).map((m) => m.role)).toEqual(["user"]);

    const b = sendMessageResponseSchema.parse((await sendMessage(backend, id, "b", "c-b")).body).jobId;
    await call(backend, "POST", `/coaching/sessions/${id}/cancel`);
    await vi.advanceTimersByTimeAsync(20);
    expect((await getJob(b)).job).toMatchObject({ status: "FAILED", error: { code: "SESSION_CLOSED", retryable: false } });
  });

  it("applies a processing delay change to new jobs, and close() clears every timer", async () => {
    const { id } = await startSession(backend);
    backend.faults.setProcessingDelay(500);
    const jobId = sendMessageResponseSchema.parse((await sendMessage(backend, id, "slow", "c-1")).body).jobId;
    await vi.advanceTimersByTimeAsync(499);
    expect((await getJob(jobId)).job?.status).toBe("PROCESSING");
    expect(backend.pendingTimers()).toBe(1);
    backend.close();
    expect(backend.pendingTimers()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

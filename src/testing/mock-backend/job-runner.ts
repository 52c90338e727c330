import type { JobError } from "../../contract/job.js";
import type { Message } from "../../contract/message.js";
import type { BackendContext } from "./context.js";
import { findSession, setSessionStatus } from "./session-service.js";
import type { StoredJob, StoredSession } from "./store.js";

/**
 * Queues the job that answers a user message: PROCESSING at half the processing delay, done at
 * the full delay. The delay in force when the job is created applies to it.
 */
export function enqueueJob(ctx: BackendContext, session: StoredSession, userMessage: Message, jobId: string): StoredJob {
  const turn = session.messages.filter((message) => message.role === "user").length;
  const job: StoredJob = {
    jobId,
    sessionId: session.id,
    userId: session.userId,
    status: "QUEUED",
    createdAt: ctx.now(),
    expired: false,
    userMessageId: userMessage.id,
    turn,
  };
  ctx.store.jobs.set(job.jobId, job);
  const delay = ctx.config.processingDelayMs;
  ctx.timers.set(() => {
    if (job.status === "QUEUED") job.status = "PROCESSING";
  }, Math.floor(delay / 2));
  ctx.timers.set(() => finishJob(ctx, job), delay);
  return job;
}

function finishJob(ctx: BackendContext, job: StoredJob): void {
  if (job.status === "COMPLETED" || job.status === "FAILED") return;
  const lookup = findSession(ctx, job.sessionId);
  if (lookup.kind !== "found" || !["ACTIVE", "PAUSED"].includes(lookup.session.status)) {
    return failJob(ctx, job, { code: "SESSION_CLOSED", message: "The session ended before the reply was ready.", retryable: false });
  }
  const injected = ctx.jobFailures.shift();
  if (injected) return failJob(ctx, job, injected);
  try {
    completeJob(ctx, job, lookup.session);
  } catch (cause) {
    failJob(ctx, job, { code: "COACH_ERROR", message: `The coach failed: ${String(cause)}`, retryable: true });
  }
}

function completeJob(ctx: BackendContext, job: StoredJob, session: StoredSession): void {
  const now = ctx.now();
  const userMessage = session.messages.find((message) => message.id === job.userMessageId);
  const isFinal = job.turn >= ctx.config.turnsUntilFinal;
  const reply = ctx.config.coach({
    sessionId: session.id,
    turn: job.turn,
    userText: userMessage?.content ?? "",
    isFinal,
    history: session.messages.map((message) => ({ ...message })),
  });
  Object.assign(session.extracted, reply.extracted);
  const coachMessage: Message = { id: ctx.ids.next("msg"), role: "coach", content: reply.content, createdAt: new Date(now).toISOString(), jobId: job.jobId };
  session.messages.push(coachMessage);
  session.lastActivityAt = now;
  session.updatedAt = now;

  const result = isFinal ? { summary: reply.summary ?? `Session completed after ${job.turn} turns.`, extracted: { ...session.extracted } } : undefined;
  if (result) session.result = result;
  job.status = "COMPLETED";
  job.result = { reply: coachMessage, isFinal, sessionStatus: isFinal ? "COMPLETED" : session.status, ...(result ? { result } : {}) };
  ctx.hub.publish(session.id, session.userId, { type: "job.completed", jobId: job.jobId, sessionId: session.id, result: job.result });
  if (isFinal) setSessionStatus(ctx, session, "COMPLETED");
}

function failJob(ctx: BackendContext, job: StoredJob, error: JobError): void {
  job.status = "FAILED";
  job.error = error;
  ctx.hub.publish(job.sessionId, job.userId, { type: "job.failed", jobId: job.jobId, sessionId: job.sessionId, error });
}

import type { JobError } from "../../contract/job.js";
import type { Message } from "../../contract/message.js";
import type { BackendContext } from "./context.js";
import { planJob, splitIntoChunks } from "./reply-stream.js";
import { findSession, setSessionStatus } from "./session-service.js";
import type { StoredJob, StoredSession } from "./store.js";

/**
 * Queues the job that answers a user message: PROCESSING at half the processing delay, done at
 * the full delay; with streaming on, the coach writes the reply when PROCESSING starts and its
 * chunks go out as `job.progress` events in between. The delay and streaming options in force
 * when the job is created apply to it.
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
    draft: null,
    chunks: [],
    seq: 0,
    timers: [],
  };
  ctx.store.jobs.set(job.jobId, job);
  const streaming = ctx.config.streaming;
  const plan = planJob(ctx.config.processingDelayMs, streaming);
  const at = (ms: number, step: () => void) => {
    const handle = ctx.timers.set(() => {
      job.timers = job.timers.filter((pending) => pending !== handle);
      step();
    }, ms);
    job.timers.push(handle);
  };
  at(plan.processingAt, () => startProcessing(ctx, job, streaming.chunkCount));
  plan.chunkAt.forEach((ms, index) => at(ms, () => sendChunk(ctx, job, index + 1)));
  at(plan.finishAt, () => finishJob(ctx, job));
  return job;
}

function startProcessing(ctx: BackendContext, job: StoredJob, chunkCount: number): void {
  if (job.status !== "QUEUED") return;
  job.status = "PROCESSING";
  if (chunkCount === 0) return;
  const session = openSessionOf(ctx, job);
  // A session that closed meanwhile is reported when the job finishes, as without streaming.
  if (!session) return;
  try {
    job.draft = writeReply(ctx, job, session);
  } catch (cause) {
    return coachFailed(ctx, job, cause);
  }
  job.chunks = splitIntoChunks(job.draft.content, chunkCount);
}

/**
 * Sends every chunk up to `upTo` not sent yet, in order. Node runs the timers of one duration as
 * one list, so under load chunk 3's timer can fire before chunk 2's: `seq` must still only grow,
 * or `partial` (and the text a stop keeps) would fall behind a chunk already sent.
 */
function sendChunk(ctx: BackendContext, job: StoredJob, upTo: number): void {
  if (job.status !== "PROCESSING") return;
  for (let seq = job.seq + 1; seq <= Math.min(upTo, job.chunks.length); seq++) {
    job.seq = seq;
    ctx.hub.publish(job.sessionId, job.userId, { type: "job.progress", jobId: job.jobId, sessionId: job.sessionId, seq, delta: job.chunks[seq - 1]! });
  }
}

function finishJob(ctx: BackendContext, job: StoredJob): void {
  if (job.status === "COMPLETED" || job.status === "FAILED") return;
  const session = openSessionOf(ctx, job);
  if (!session) return failJob(ctx, job, { code: "SESSION_CLOSED", message: "The session ended before the reply was ready.", retryable: false });
  const injected = ctx.jobFailures.shift();
  if (injected) return failJob(ctx, job, injected);
  let draft = job.draft;
  try {
    draft ??= writeReply(ctx, job, session);
  } catch (cause) {
    return coachFailed(ctx, job, cause);
  }
  Object.assign(session.extracted, draft.extracted);
  const result = draft.isFinal ? { summary: draft.summary ?? `Session completed after ${job.turn} turns.`, extracted: { ...session.extracted } } : undefined;
  if (result) session.result = result;
  completeJob(ctx, job, session, draft.content, { isFinal: draft.isFinal, ...(result ? { result } : {}) });
  if (draft.isFinal) setSessionStatus(ctx, session, "COMPLETED");
}

/**
 * Stores the coach message, completes the job and sends `job.completed`. A final reply reports
 * the session COMPLETED; the caller then changes its status.
 */
export function completeJob(
  ctx: BackendContext,
  job: StoredJob,
  session: StoredSession,
  content: string,
  outcome: { isFinal: boolean; result?: { summary: string; extracted: Record<string, unknown> }; stopped?: true },
): void {
  const now = ctx.now();
  const reply: Message = { id: ctx.ids.next("msg"), role: "coach", content, createdAt: new Date(now).toISOString(), jobId: job.jobId };
  session.messages.push(reply);
  session.lastActivityAt = now;
  session.updatedAt = now;
  clearJobTimers(ctx, job);
  job.status = "COMPLETED";
  job.result = { reply, sessionStatus: outcome.isFinal ? "COMPLETED" : session.status, ...outcome };
  ctx.hub.publish(session.id, session.userId, { type: "job.completed", jobId: job.jobId, sessionId: session.id, result: job.result });
}

export function failJob(ctx: BackendContext, job: StoredJob, error: JobError): void {
  clearJobTimers(ctx, job);
  job.status = "FAILED";
  job.error = error;
  ctx.hub.publish(job.sessionId, job.userId, { type: "job.failed", jobId: job.jobId, sessionId: job.sessionId, error });
}

/** The job's session if it can still take a reply (ACTIVE or PAUSED, not expired). */
export function openSessionOf(ctx: BackendContext, job: StoredJob): StoredSession | null {
  const lookup = findSession(ctx, job.sessionId);
  return lookup.kind === "found" && (lookup.session.status === "ACTIVE" || lookup.session.status === "PAUSED") ? lookup.session : null;
}

function writeReply(ctx: BackendContext, job: StoredJob, session: StoredSession) {
  const isFinal = job.turn >= ctx.config.turnsUntilFinal;
  const userMessage = session.messages.find((message) => message.id === job.userMessageId);
  const reply = ctx.config.coach({
    sessionId: session.id,
    turn: job.turn,
    userText: userMessage?.content ?? "",
    isFinal,
    history: session.messages.map((message) => ({ ...message })),
  });
  return { ...reply, isFinal };
}

function coachFailed(ctx: BackendContext, job: StoredJob, cause: unknown): void {
  failJob(ctx, job, { code: "COACH_ERROR", message: `The coach failed: ${String(cause)}`, retryable: true });
}

function clearJobTimers(ctx: BackendContext, job: StoredJob): void {
  for (const handle of job.timers.splice(0)) ctx.timers.clear(handle);
}

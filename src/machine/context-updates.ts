import type { JobResult } from "../contract/job.js";
import { isSessionStatus, type Session } from "../contract/session.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { SessionServices } from "./services.js";
import { appendReply, awaitedJob, localMessageId, mergeTranscript, updateUserMessage } from "./transcript.js";
import type { ChatMessage, CoachingSessionContext } from "./types.js";

type Update = Partial<CoachingSessionContext>;

/**
 * Loads a session read from the server: its transcript merged with what this client knows that the
 * read may not (unsent messages, in memory or in the outbox after a reload; newer replies; job
 * failures), and the jobs still awaited: tracked ones, plus the newest unanswered message's job.
 */
export function loadSession(context: CoachingSessionContext, session: Session, services: SessionServices): Update {
  const { messages: transcript, ...rest } = session;
  const sameSession = context.session?.id === session.id;
  const local = sameSession ? context.messages : services.outbox.load(session.id);
  // A read without a transcript (pause, cancel, events) leaves what is shown as it is.
  const merged = transcript ? mergeTranscript(transcript, local) : [...local];
  const pendingJobs: Record<string, string> = {};
  for (const job of services.delivery.pendingJobs()) {
    if (job.sessionId === session.id) pendingJobs[job.jobId] = job.clientMessageId ?? "";
  }
  if (sameSession) Object.assign(pendingJobs, context.pendingJobs);
  const awaited = awaitedJob(merged);
  if (awaited) pendingJobs[awaited.jobId] ??= awaited.clientMessageId;
  // A reply already in the transcript means that job is no longer awaited.
  for (const message of merged) if (message.role === "coach" && message.jobId) delete pendingJobs[message.jobId];
  return {
    session: rest,
    status: session.status,
    messages: merged,
    result: session.result ?? context.result ?? null,
    replacedBy: session.replacedBy ?? null,
    pendingJobs,
  };
}

/** Adds a typed message to the outbox, shown at once. */
export function enqueueMessage(context: CoachingSessionContext, text: string, clientMessageId: string, now: number): Update {
  const message: ChatMessage = {
    id: localMessageId(clientMessageId),
    role: "user",
    content: text,
    createdAt: new Date(now).toISOString(),
    clientMessageId,
    delivery: "queued",
  };
  return { messages: [...context.messages, message], error: null };
}

/** The server accepted a message: it now has the server's id and its job id. */
export function acceptMessage(context: CoachingSessionContext, accepted: { clientMessageId: string; jobId: string; messageId: string }): Update {
  return {
    messages: updateUserMessage(context.messages, accepted.clientMessageId, (m) => ({
      ...m,
      id: accepted.messageId,
      jobId: accepted.jobId,
      delivery: "accepted",
      error: undefined,
    })),
    pendingJobs: { ...context.pendingJobs, [accepted.jobId]: accepted.clientMessageId },
    error: null,
  };
}

export function failMessage(context: CoachingSessionContext, clientMessageId: string, error: CoachingError): Update {
  return {
    messages: updateUserMessage(context.messages, clientMessageId, (m) => ({ ...m, delivery: "failed", error })),
    error,
  };
}

/** Applies a job's reply exactly once (by reply id), and stops awaiting that job. */
export function applyReply(context: CoachingSessionContext, jobId: string, result: JobResult): Update {
  const { [jobId]: _answered, ...pendingJobs } = context.pendingJobs;
  return {
    messages: appendReply(context.messages, { ...result.reply, jobId: result.reply.jobId ?? jobId }),
    pendingJobs,
    // A status this SDK does not know keeps the session as it is (TODO lead: log it).
    status: isSessionStatus(result.sessionStatus) ? result.sessionStatus : context.status,
    result: result.result ?? context.result,
  };
}

/** A job ended without a reply: its message shows as failed, with the reason. */
export function applyJobFailure(context: CoachingSessionContext, jobId: string, error: CoachingError): Update {
  const clientMessageId = context.pendingJobs[jobId];
  const { [jobId]: _failed, ...pendingJobs } = context.pendingJobs;
  if (!clientMessageId) return { pendingJobs, error };
  return { ...failMessage(context, clientMessageId, error), pendingJobs };
}

/**
 * Puts failed messages back in the outbox. A message whose *job* failed gets a new client id:
 * the server already holds the old one, and replaying its key would return the same failed job.
 */
export function requeueFailed(context: CoachingSessionContext, only: string | undefined, newId: () => string): Update {
  return {
    messages: context.messages.map((m) => {
      if (m.role !== "user" || m.delivery !== "failed") return m;
      if (only !== undefined && m.clientMessageId !== only) return m;
      const jobFailed = m.error?.code === "JOB_FAILED" || m.error?.code === "JOB_TIMEOUT" || m.error?.code === "JOB_EXPIRED";
      const clientMessageId = jobFailed ? newId() : m.clientMessageId!;
      const { error: _error, jobId: _jobId, ...rest } = m;
      return { ...rest, id: localMessageId(clientMessageId), clientMessageId, delivery: "queued" as const };
    }),
    error: null,
  };
}

export function discardMessage(context: CoachingSessionContext, clientMessageId: string): Update {
  return {
    messages: context.messages.filter(
      (m) => !(m.role === "user" && m.clientMessageId === clientMessageId && m.delivery !== "accepted"),
    ),
  };
}

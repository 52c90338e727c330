import type { JobResult } from "../contract/job.js";
import type { Message } from "../contract/message.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { AwaitedReply, ChatMessage, CoachingSessionContext } from "./types.js";

// The conversation as three owners: `transcript` (turns the server holds, appended to), `awaiting`
// (the one reply in progress, with the user message it answers) and `outbox` (unsent messages,
// few). Every function here is pure and returns the changed owners together with `messages`, the
// view derived from them, so the view can never drift from its sources. The hot path (send,
// accept, reply) touches the transcript's tail only: no pass over the whole transcript.

type Conversation = Pick<CoachingSessionContext, "transcript" | "awaiting" | "outbox">;
export type ConversationUpdate = Conversation & Pick<CoachingSessionContext, "messages">;

/** A local id for a user message the server has not acknowledged yet. */
export const localMessageId = (clientMessageId: string) => `local:${clientMessageId}`;

/** The id of the growing reply shown while a job streams; the completed reply has the server's id. */
export const partialReplyId = (jobId: string) => `partial:${jobId}`;

/** The empty conversation. */
export const noConversation = (): ConversationUpdate => ({ transcript: [], awaiting: null, outbox: [], messages: [] });

/** The owners, changed where `change` says, with the view derived from them. */
export function conversation(context: Conversation, change: Partial<Conversation>): ConversationUpdate {
  const next = { transcript: context.transcript, awaiting: context.awaiting, outbox: context.outbox, ...change };
  return { ...next, messages: viewOf(next) };
}

function viewOf({ transcript, awaiting, outbox }: Conversation): ChatMessage[] {
  if (!awaiting && outbox.length === 0) return transcript;
  const middle: ChatMessage[] = [];
  if (awaiting) {
    const { message, error, partialText, jobId } = awaiting;
    middle.push(error ? { ...message, delivery: "failed", error } : message);
    if (partialText !== null) {
      middle.push({ id: partialReplyId(jobId), role: "coach", content: partialText, createdAt: message.createdAt, jobId, partial: true });
    }
  }
  return transcript.concat(middle, outbox);
}

/** Adds a typed message at the end of the outbox. */
export function enqueue(context: Conversation, message: { text: string; clientMessageId: string; createdAt: string }): ConversationUpdate {
  const { text, clientMessageId, createdAt } = message;
  const queued: ChatMessage = { id: localMessageId(clientMessageId), role: "user", content: text, createdAt, clientMessageId, delivery: "queued" };
  return conversation(context, { outbox: [...context.outbox, queued] });
}

/** The outbox head may go out now: nothing awaited, and the head is queued (a failed head holds the line). */
export const canSendNext = (context: Conversation) => context.awaiting === null && context.outbox[0]?.delivery === "queued";

/** The outbox head goes out: queued → sending. */
export function markSending(context: Conversation): ConversationUpdate {
  return updateHead(context, "queued", (m) => ({ ...m, delivery: "sending" }));
}

/**
 * The send in flight ended without an answer: back to `queued` (the send was interrupted) or
 * `failed` with its error. A no-op when a read already showed the server holds the message.
 */
export function settleSending(context: Conversation, error?: CoachingError): ConversationUpdate {
  return updateHead(context, "sending", ({ error: _previous, ...m }) => (error ? { ...m, delivery: "failed", error } : { ...m, delivery: "queued" }));
}

function updateHead(context: Conversation, from: ChatMessage["delivery"], change: (message: ChatMessage) => ChatMessage): ConversationUpdate {
  const [head, ...rest] = context.outbox;
  if (!head || head.delivery !== from) return conversation(context, {});
  return conversation(context, { outbox: [change(head), ...rest] });
}

/** How far back from the transcript's end a just-sent message can stand (itself and its reply). */
const RECENT = 4;

/**
 * The server accepted a message: it leaves the outbox and its reply is awaited. A read may have
 * overtaken the 202 and put the message in the transcript already: it is not added twice, and
 * if it is still unanswered there, it becomes the awaited one (the read may not have known its job).
 */
export function accept(context: Conversation, accepted: { clientMessageId: string; jobId: string; messageId: string }): ConversationUpdate {
  const sent = context.outbox.find((m) => m.clientMessageId === accepted.clientMessageId);
  const outbox = context.outbox.filter((m) => m !== sent);
  if (context.awaiting?.message.clientMessageId === accepted.clientMessageId) return conversation(context, { outbox });
  const read = tailIndex(context.transcript, (m) => m.clientMessageId === accepted.clientMessageId, RECENT);
  if (read >= 0) {
    const unanswered = read === context.transcript.length - 1 && !context.awaiting;
    if (!unanswered) return conversation(context, { outbox });
    return conversation(context, { outbox, transcript: context.transcript.slice(0, -1), awaiting: awaitedFor(context.transcript[read]!, accepted.jobId) });
  }
  if (!sent) return conversation(context, { outbox });
  const { error: _error, ...rest } = sent;
  const message: ChatMessage = { ...rest, id: accepted.messageId, jobId: accepted.jobId, delivery: "accepted" };
  if (context.awaiting) {
    // One reply at a time makes this unreachable from the machine; keep the message anyway.
    return conversation(context, { outbox, transcript: [...context.transcript, message] });
  }
  return conversation(context, { outbox, awaiting: awaitedFor(message, accepted.jobId) });
}

const awaitedFor = (message: ChatMessage, jobId: string): AwaitedReply => ({ message, jobId, partialText: null, error: null, stopping: false });

/** Which job a delivery event is about, and the user message it answers when delivery knows it. */
export interface JobRef {
  jobId: string;
  clientMessageId?: string | undefined;
}

/**
 * The awaited reply for this job: the one awaited, or the transcript's last message when it is
 * the unanswered user message of this job (a reload on a backend that omits `jobId` in the
 * transcript, or a reply that came back after its message was read). Null when the job is not
 * the conversation's current one.
 */
function awaitedOf(context: Conversation, job: JobRef): { awaiting: AwaitedReply; transcript: ChatMessage[] } | null {
  if (context.awaiting) return context.awaiting.jobId === job.jobId ? { awaiting: context.awaiting, transcript: context.transcript } : null;
  const last = context.transcript.at(-1);
  if (!last || last.role !== "user" || !answers(last, job)) return null;
  return { awaiting: awaitedFor(last, job.jobId), transcript: context.transcript.slice(0, -1) };
}

const answers = (message: ChatMessage, job: JobRef) =>
  message.jobId === job.jobId || (job.clientMessageId !== undefined && message.clientMessageId === job.clientMessageId);

/** Applies a job's reply once: the awaited one closes its turn; any other goes below its message. */
export function applyReply(context: Conversation, job: JobRef, result: JobResult): ConversationUpdate {
  const reply: ChatMessage = { ...result.reply, jobId: result.reply.jobId ?? job.jobId, ...(result.stopped ? { stopped: true } : {}) };
  const current = awaitedOf(context, job);
  if (current) {
    const { message } = current.awaiting;
    return conversation(context, { transcript: [...current.transcript, { ...message, delivery: "accepted" }, reply], awaiting: null });
  }
  // A reply for an earlier message (e.g. its job was given up on): once, below that message.
  const known = tailIndex(context.transcript, (m) => m.id === reply.id);
  if (known >= 0) {
    // A read showed this reply before its completion came: only the stop is news (reads don't carry it).
    if (!reply.stopped || context.transcript[known]!.stopped) return conversation(context, {});
    const transcript = context.transcript.slice();
    transcript[known] = { ...transcript[known]!, stopped: true };
    return conversation(context, { transcript });
  }
  const at = tailIndex(context.transcript, (m) => m.role === "user" && answers(m, job));
  if (at < 0) return conversation(context, { transcript: [...context.transcript, reply] });
  let end = at + 1;
  while (end < context.transcript.length && context.transcript[end]!.role === "coach") end += 1;
  return conversation(context, { transcript: [...context.transcript.slice(0, end), reply, ...context.transcript.slice(end)] });
}

/**
 * A job ended without a reply. Stopped before any text (`CANCELLED`), the message simply stays
 * unanswered and the next one may go; any other failure holds the line until RETRY or DISCARD.
 */
export function applyJobFailure(context: Conversation, job: JobRef, error: CoachingError, cancelled: boolean): ConversationUpdate | null {
  const current = awaitedOf(context, job);
  if (!current) return null;
  if (cancelled) return conversation(context, { transcript: [...current.transcript, current.awaiting.message], awaiting: null });
  return conversation(context, { transcript: current.transcript, awaiting: { ...current.awaiting, error, partialText: null, stopping: false } });
}

/** The reply's text so far; delivery only ever reports a longer prefix of the same reply. */
export function applyProgress(context: Conversation, job: JobRef, text: string): ConversationUpdate | null {
  const current = awaitedOf(context, job);
  // (A delivery of the app's own could report anything: only text is shown.)
  if (!current || current.awaiting.error || typeof text !== "string") return null;
  return conversation(context, { transcript: current.transcript, awaiting: { ...current.awaiting, partialText: text } });
}

/** STOP can be asked: a reply is awaited, has not failed, and no stop is under way. */
export const canStop = (context: Conversation) => context.awaiting !== null && context.awaiting.error === null && !context.awaiting.stopping;

/** STOP was asked for the awaited reply. */
export function markStopping(context: Conversation): ConversationUpdate {
  return conversation(context, { awaiting: context.awaiting && { ...context.awaiting, stopping: true } });
}

/**
 * Failures after which a resend needs a new client id: a job that can never answer (the server
 * would replay the failed job for the old key) and a message carried over from a replaced session
 * (its key belongs to that session). A timed-out job may still answer, so its message keeps its id.
 */
const NEEDS_NEW_ID = new Set(["JOB_FAILED", "JOB_EXPIRED"]);
const needsNewId = (error: CoachingError | undefined) =>
  error !== undefined && (NEEDS_NEW_ID.has(error.code) || (error as { reason?: string }).reason === "replaced");

/** The failed messages a RETRY (of all, or of the one named) puts back in line, awaited one first. */
function failedToRetry(context: Conversation, only: string | undefined): Array<{ message: ChatMessage; error: CoachingError | undefined }> {
  const matches = (m: ChatMessage) => only === undefined || m.clientMessageId === only;
  const { awaiting } = context;
  const failed: Array<{ message: ChatMessage; error: CoachingError | undefined }> = [];
  if (awaiting?.error && matches(awaiting.message)) failed.push({ message: awaiting.message, error: awaiting.error });
  for (const m of context.outbox) if (m.delivery === "failed" && matches(m)) failed.push({ message: m, error: m.error });
  return failed;
}

/** How many new client ids a RETRY needs (see `needsNewId`), so exactly that many are made. */
export const newIdsForRetry = (context: Conversation, only: string | undefined) =>
  failedToRetry(context, only).filter((f) => needsNewId(f.error)).length;

/**
 * Puts failed messages (all, or the one named) back in line, in order: the awaited message whose
 * reply failed goes first, then the outbox's. Each keeps its client id, so the idempotency key
 * makes a resend safe, unless `needsNewId`; those take the next of `freshIds`.
 */
export function requeueFailed(context: Conversation, only: string | undefined, freshIds: readonly string[]): ConversationUpdate {
  let next = 0;
  const renamed = new Map<ChatMessage, ChatMessage>();
  for (const { message, error } of failedToRetry(context, only)) {
    renamed.set(message, requeued(message, needsNewId(error) && next < freshIds.length ? freshIds[next++]! : message.clientMessageId!));
  }
  const { awaiting } = context;
  const retryAwaited = awaiting ? renamed.get(awaiting.message) : undefined;
  const outbox = context.outbox.map((m) => renamed.get(m) ?? m);
  if (!retryAwaited) return conversation(context, { outbox });
  return conversation(context, { awaiting: null, outbox: [retryAwaited, ...outbox] });
}

function requeued(message: ChatMessage, clientMessageId: string): ChatMessage {
  const { error: _error, jobId: _jobId, ...rest } = message;
  return { ...rest, id: localMessageId(clientMessageId), clientMessageId, delivery: "queued" };
}

/**
 * Drops a message the user gave up on: an unsent one disappears; one the server already holds
 * (its reply failed) stays in the transcript, unanswered, and frees the line.
 */
export function discard(context: Conversation, clientMessageId: string): ConversationUpdate {
  const outbox = context.outbox.filter((m) => m.clientMessageId !== clientMessageId || m.delivery === "sending");
  const { awaiting } = context;
  if (awaiting?.error && awaiting.message.clientMessageId === clientMessageId) {
    return conversation(context, { outbox, awaiting: null, transcript: [...context.transcript, { ...awaiting.message, delivery: "accepted" }] });
  }
  return conversation(context, { outbox });
}

/** Adds messages restored from storage (after a reload) that the transcript does not hold yet. */
export function restoreOutbox(context: Conversation, restored: readonly ChatMessage[]): ConversationUpdate {
  const known = new Set(context.outbox.map((m) => m.clientMessageId));
  if (context.awaiting) known.add(context.awaiting.message.clientMessageId);
  for (const m of context.transcript) if (m.role === "user") known.add(m.clientMessageId);
  const fresh = restored.filter((m) => !known.has(m.clientMessageId));
  return fresh.length === 0 ? conversation(context, {}) : conversation(context, { outbox: [...context.outbox, ...fresh] });
}

/**
 * Merges a transcript read from the server with what this client knows and the read may not:
 * replies applied after the read, the awaited reply's progress or failure, unsent messages. The
 * read's last message, when it is an unanswered user message with a job, becomes the awaited one.
 * O(n) in the transcript: it runs on reads (reload, resume, reconnect), not per message.
 */
export function mergeRead(context: Conversation, server: readonly Message[]): ConversationUpdate {
  const serverIds = new Set(server.map((m) => m.id));
  const serverClientIds = new Set<string | undefined>(server.map((m) => m.clientMessageId));
  serverClientIds.delete(undefined);
  // A stopped reply is marked by its job's completion only (a transcript read does not carry it).
  const stopped = new Set(context.transcript.filter((m) => m.stopped).map((m) => m.id));
  let transcript: ChatMessage[] = server.map((m) =>
    m.role === "user" ? { ...m, delivery: "accepted" } : stopped.has(m.id) ? { ...m, stopped: true } : { ...m },
  );
  // Newer than the read: turns completed here after the server answered it.
  for (const m of context.transcript) if (!serverIds.has(m.id) && !(m.role === "user" && serverClientIds.has(m.clientMessageId))) transcript.push(m);
  // Held by the server, so no longer unsent (a send still in flight then finds nothing to accept).
  const outbox = context.outbox.filter((m) => !serverClientIds.has(m.clientMessageId));

  let awaiting = context.awaiting;
  if (awaiting && transcript.some((m) => m.role === "coach" && m.jobId === awaiting!.jobId)) awaiting = null;
  const last = transcript.at(-1);
  if (last?.role === "user") {
    if (awaiting && last.clientMessageId === awaiting.message.clientMessageId) transcript = transcript.slice(0, -1);
    // Not a turn this client closed without a reply (stopped before any text, or discarded):
    // delivery has settled that job and would never answer for it again.
    else if (!awaiting && last.jobId && context.transcript.at(-1)?.id !== last.id) {
      awaiting = awaitedFor(last, last.jobId);
      transcript = transcript.slice(0, -1);
    }
  }
  return conversation({ transcript, awaiting, outbox }, {});
}

/** The index of the last message matching, searching from the end (where the conversation moves), at most `limit` back. */
function tailIndex(messages: readonly ChatMessage[], match: (message: ChatMessage) => boolean, limit = messages.length): number {
  for (let i = messages.length - 1; i >= Math.max(0, messages.length - limit); i--) if (match(messages[i]!)) return i;
  return -1;
}

import type { Message } from "../contract/message.js";
import type { ChatMessage } from "./types.js";

/** A local id for a user message the server has not acknowledged yet. */
export const localMessageId = (clientMessageId: string) => `local:${clientMessageId}`;

const JOB_FAILURES = new Set(["JOB_FAILED", "JOB_TIMEOUT", "JOB_EXPIRED"]);

/**
 * Merges a transcript read from the server with what this client knows and the read may not:
 * messages not accepted yet (queued, sending, failed), messages and replies newer than the read,
 * and the failure of a job the server holds the message of. Server messages come first, in the
 * server's order; a reply goes below its message; local messages keep their order at the end.
 */
export function mergeTranscript(server: readonly Message[], local: readonly ChatMessage[]): ChatMessage[] {
  const localByClientId = new Map<string, ChatMessage>();
  for (const m of local) if (m.role === "user" && m.clientMessageId) localByClientId.set(m.clientMessageId, m);
  const serverIds = new Set(server.map((m) => m.id));
  const serverClientIds = new Set(server.map((m) => m.clientMessageId).filter(Boolean));

  let merged: ChatMessage[] = server.map((message) => {
    if (message.role !== "user") return { ...message };
    const mine = message.clientMessageId ? localByClientId.get(message.clientMessageId) : undefined;
    // The server holds the message but its job failed here: keep showing why, so RETRY can resend.
    if (mine?.delivery === "failed" && mine.error && JOB_FAILURES.has(mine.error.code)) {
      return { ...message, delivery: "failed" as const, error: mine.error };
    }
    return { ...message, delivery: "accepted" as const };
  });
  for (const m of local) {
    if (m.role === "user" && m.clientMessageId && !serverClientIds.has(m.clientMessageId)) merged.push(m);
  }
  // Replies applied here after the server's transcript was read.
  for (const m of local) if (m.role === "coach" && !serverIds.has(m.id)) merged = appendReply(merged, m);
  return merged;
}

/**
 * The job of the newest accepted message when no reply follows it: still awaited, even if this
 * client never learned its job id from the 202 (a reload while sending).
 */
export function awaitedJob(messages: readonly ChatMessage[]): { jobId: string; clientMessageId: string } | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === "coach") return undefined;
    if (m.delivery === "accepted" && m.jobId) return { jobId: m.jobId, clientMessageId: m.clientMessageId ?? "" };
  }
  return undefined;
}

/**
 * Adds a coach reply once (a reply already in the transcript, by id, is not added again), right
 * after the user message it answers, so messages queued meanwhile stay below it.
 */
export function appendReply(messages: readonly ChatMessage[], reply: Message): ChatMessage[] {
  if (messages.some((m) => m.id === reply.id)) return messages as ChatMessage[];
  let at = messages.findIndex((m) => m.role === "user" && m.jobId !== undefined && m.jobId === reply.jobId);
  if (at >= 0) {
    at += 1;
    while (at < messages.length && messages[at]!.role === "coach") at += 1;
  } else {
    at = messages.findIndex((m) => m.role === "user" && m.delivery !== undefined && m.delivery !== "accepted");
    if (at < 0) at = messages.length;
  }
  return [...messages.slice(0, at), { ...reply }, ...messages.slice(at)];
}

/** Returns the transcript with one user message (by client id) changed. */
export function updateUserMessage(
  messages: readonly ChatMessage[],
  clientMessageId: string,
  change: (message: ChatMessage) => ChatMessage,
): ChatMessage[] {
  return messages.map((m) => (m.role === "user" && m.clientMessageId === clientMessageId ? change(m) : m));
}

/** The first user message waiting to go out, if the outbox may send now. */
export function nextQueued(messages: readonly ChatMessage[]): ChatMessage | undefined {
  for (const m of messages) {
    if (m.role !== "user") continue;
    // A failed message holds the line: later ones must not overtake it.
    if (m.delivery === "failed" || m.delivery === "sending") return undefined;
    if (m.delivery === "queued") return m;
  }
  return undefined;
}

/** User messages not yet accepted by the server: what the outbox persists across reloads. */
export function unsentMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => m.role === "user" && m.delivery !== undefined && m.delivery !== "accepted");
}

import type { Message } from "../contract/message.js";
import type { ChatMessage } from "./types.js";

/** A local id for a user message the server has not acknowledged yet. */
export const localMessageId = (clientMessageId: string) => `local:${clientMessageId}`;

/**
 * Merges the server's transcript with local user messages the server does not have yet (queued,
 * sending or failed). Server messages win; local ones keep their place at the end, in order.
 */
export function mergeTranscript(server: readonly Message[], local: readonly ChatMessage[]): ChatMessage[] {
  const known = new Set<string>();
  for (const message of server) if (message.clientMessageId) known.add(message.clientMessageId);
  const merged: ChatMessage[] = server.map((message) =>
    message.role === "user" ? { ...message, delivery: "accepted" as const } : { ...message },
  );
  for (const message of local) {
    if (message.role !== "user" || !message.clientMessageId || known.has(message.clientMessageId)) continue;
    if (message.delivery === "accepted") continue; // the server is the truth for accepted ones
    merged.push(message);
  }
  return merged;
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

import type { SnapshotFrom } from "xstate";
import type { coachingSessionMachine } from "./coaching-session-machine.js";
import { canStop } from "./conversation.js";

export type CoachingSessionSnapshot = SnapshotFrom<typeof coachingSessionMachine>;

/**
 * Selectors read one thing from a snapshot; pair them with `useCoachingSelector` so a component
 * re-renders only when that thing changes. Each state of a concern is one word.
 *
 * @example
 * const canSend = useCoachingSelector(selectCanSend);
 * session.subscribe((snapshot) => (badge.textContent = selectConnection(snapshot).status));
 */

/** The screen to show, one word: the machine's top-level state. */
export type CoachingSessionView =
  | "checking"
  | "conflict"
  | "choosing"
  | "starting"
  | "resuming"
  | "syncing"
  | "active"
  | "pausing"
  | "paused"
  | "cancelling"
  | "completed"
  | "cancelled"
  | "abandoned"
  | "expired"
  | "failed";

export const selectView = (snapshot: CoachingSessionSnapshot): CoachingSessionView =>
  (typeof snapshot.value === "string" ? snapshot.value : Object.keys(snapshot.value)[0]) as CoachingSessionView;

/**
 * Where the conversation's next reply stands, one word:
 * - `idle`: nothing on its way;
 * - `sending`: a message is being posted (or waits for the server's `Retry-After`, see `retryingAt`);
 * - `awaiting`: the server has the message; the reply has not started;
 * - `streaming`: the reply is being written (`selectPartialReply` has its text so far);
 * - `failed`: a message could not be sent or answered; RETRY or DISCARD it. Nothing moves meanwhile.
 */
export type ReplyStatus = "idle" | "sending" | "awaiting" | "streaming" | "failed";

export function selectReplyStatus(snapshot: CoachingSessionSnapshot): ReplyStatus {
  const { awaiting, outbox } = snapshot.context;
  if (awaiting?.error || outbox[0]?.delivery === "failed") return "failed";
  if (awaiting) return awaiting.partialText !== null ? "streaming" : "awaiting";
  if (outbox[0]?.delivery === "sending" || snapshot.context.retryingAt !== null) return "sending";
  return "idle";
}

/** A message is on its way or a coach reply is pending: show a typing indicator. */
export const selectIsAwaitingReply = (snapshot: CoachingSessionSnapshot) => {
  const status = selectReplyStatus(snapshot);
  return status === "sending" || status === "awaiting" || status === "streaming";
};

/** The text of the reply being written, while it streams; null otherwise. */
export const selectPartialReply = (snapshot: CoachingSessionSnapshot) => snapshot.context.awaiting?.partialText ?? null;

/** STOP can be sent: a reply is awaited and no stop is under way. */
export const selectCanStop = (snapshot: CoachingSessionSnapshot) => canStop(snapshot.context);

/** The input may send: the session is active. Messages typed while a reply is pending wait in order. */
export const selectCanSend = (snapshot: CoachingSessionSnapshot) => snapshot.hasTag("can-send");

/** A call is under way that the user should wait for (checking, starting, resuming, pausing...). */
export const selectIsBusy = (snapshot: CoachingSessionSnapshot) => snapshot.hasTag("busy");

/** Entry is blocked by another user's session (see `context.conflict.guidance`). */
export const selectIsBlocked = (snapshot: CoachingSessionSnapshot) => snapshot.hasTag("blocked");

/** The session is over: completed, cancelled, abandoned or expired. */
export const selectIsFinished = (snapshot: CoachingSessionSnapshot) => snapshot.hasTag("finished");

/** The session's server status (`session.status`), or null before there is a session. */
export const selectStatus = (snapshot: CoachingSessionSnapshot) => snapshot.context.session?.status ?? null;
/** The extracted results (`session.result`), once the conversation is final. */
export const selectResult = (snapshot: CoachingSessionSnapshot) => snapshot.context.session?.result ?? null;
export const selectSession = (snapshot: CoachingSessionSnapshot) => snapshot.context.session;
export const selectMessages = (snapshot: CoachingSessionSnapshot) => snapshot.context.messages;
export const selectConnection = (snapshot: CoachingSessionSnapshot) => snapshot.context.connection;
export const selectError = (snapshot: CoachingSessionSnapshot) => snapshot.context.error;
export const selectConflict = (snapshot: CoachingSessionSnapshot) => snapshot.context.conflict;

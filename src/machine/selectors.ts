import type { SnapshotFrom } from "xstate";
import type { coachingSessionMachine } from "./coaching-session-machine.js";

export type CoachingSessionSnapshot = SnapshotFrom<typeof coachingSessionMachine>;

/**
 * Selectors read one thing from a snapshot; pair them with `useCoachingSelector` (or
 * `useSelector` of @xstate/react) so a component re-renders only when that thing changes.
 *
 * @example
 * const canSend = useCoachingSelector(selectCanSend);
 * session.subscribe((snapshot) => badge.textContent = selectConnection(snapshot).status);
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

/** The input may send: the session is active. Messages typed while a reply is pending wait in order. */
export const selectCanSend = (snapshot: CoachingSessionSnapshot) => snapshot.hasTag("can-send");

/** A call is under way that the user should wait for (checking, starting, resuming, pausing...). */
export const selectIsBusy = (snapshot: CoachingSessionSnapshot) => snapshot.hasTag("busy");

/** Entry is blocked by another user's session (see `context.conflict.guidance`). */
export const selectIsBlocked = (snapshot: CoachingSessionSnapshot) => snapshot.hasTag("blocked");

/** The session is over: completed, cancelled, abandoned or expired. */
export const selectIsFinished = (snapshot: CoachingSessionSnapshot) => snapshot.hasTag("finished");

/** A message is on its way or a coach reply is pending: show a typing indicator. */
export const selectIsAwaitingReply = (snapshot: CoachingSessionSnapshot) =>
  Object.keys(snapshot.context.pendingJobs).length > 0 ||
  snapshot.context.messages.some((m) => m.delivery === "queued" || m.delivery === "sending");

export const selectStatus = (snapshot: CoachingSessionSnapshot) => snapshot.context.status;
export const selectMessages = (snapshot: CoachingSessionSnapshot) => snapshot.context.messages;
export const selectConnection = (snapshot: CoachingSessionSnapshot) => snapshot.context.connection;
export const selectError = (snapshot: CoachingSessionSnapshot) => snapshot.context.error;
export const selectResult = (snapshot: CoachingSessionSnapshot) => snapshot.context.result;
export const selectConflict = (snapshot: CoachingSessionSnapshot) => snapshot.context.conflict;

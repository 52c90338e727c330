import type { SessionStatus } from "../contract/session.js";
import type { DeliveryEvent } from "../delivery/types.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { SessionSettings } from "./services.js";
import { nextQueued } from "./transcript.js";
import type { CoachingSessionContext } from "./types.js";

/** Pure predicates the machine's guards delegate to; kept apart so they are easy to test. */

export const isErrorCode = (error: unknown, ...codes: string[]) =>
  typeof error === "object" && error !== null && codes.includes((error as CoachingError).code);

export const isServerCode = (error: unknown, serverCode: string) =>
  typeof error === "object" && error !== null && (error as { serverCode?: string }).serverCode === serverCode;

/** Whether the outbox may send its head now: one reply at a time keeps the conversation in turn. */
export const canSendNext = (context: CoachingSessionContext) =>
  Object.keys(context.pendingJobs).length === 0 && nextQueued(context.messages) !== undefined;

export function isIdleSession(lastActivityAt: string, now: number, settings: SessionSettings): boolean {
  const last = Date.parse(lastActivityAt);
  return Number.isFinite(last) && now - last > settings.idleAfterMs;
}

/** A delivery event about the current session (replies for an abandoned one are ignored). */
export function isForCurrentSession(context: CoachingSessionContext, event: DeliveryEvent): boolean {
  const id = context.session?.id;
  if (!id) return false;
  if (event.type === "job.completed" || event.type === "job.failed") return event.job.sessionId === id;
  if (event.type === "session.updated") return event.session.id === id;
  return false;
}

export const isReplyEvent = (context: CoachingSessionContext, event: DeliveryEvent) =>
  event.type === "job.completed" && isForCurrentSession(context, event);

export const isFinalReplyEvent = (context: CoachingSessionContext, event: DeliveryEvent) =>
  event.type === "job.completed" &&
  isForCurrentSession(context, event) &&
  (event.result.isFinal || event.result.sessionStatus === "COMPLETED");

export const isJobFailureEvent = (context: CoachingSessionContext, event: DeliveryEvent, expired: boolean) =>
  event.type === "job.failed" && isForCurrentSession(context, event) && isErrorCode(event.error, "JOB_EXPIRED") === expired;

export const isSessionStatusEvent = (context: CoachingSessionContext, event: DeliveryEvent, status: SessionStatus) =>
  event.type === "session.updated" && isForCurrentSession(context, event) && event.session.status === status;

import type { JobCompletedEvent, JobFailedEvent, SessionUpdatedEvent } from "../../contract/socket.js";

/** A server event before the hub stamps its `eventId`. */
export type UnstampedEvent =
  | Omit<JobCompletedEvent, "eventId">
  | Omit<JobFailedEvent, "eventId">
  | Omit<SessionUpdatedEvent, "eventId">;

/** How event delivery misbehaves; each can be switched on and off at any time. */
export interface SocketEventFaults {
  /** Send every event twice, with the same `eventId`. */
  duplicate: boolean;
  /** Hold events for `reorderWindowMs`, then send them newest first. */
  reorder: boolean;
  reorderWindowMs: number;
  /** Send no events at all (only polling can find results). */
  drop: boolean;
}

export function defaultSocketEventFaults(): SocketEventFaults {
  return { duplicate: false, reorder: false, reorderWindowMs: 50, drop: false };
}

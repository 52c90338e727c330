import type { JobCompletedEvent, JobFailedEvent, JobProgressEvent, SessionUpdatedEvent } from "../../contract/socket.js";
import { MockKitError } from "../errors/mock-kit-error.js";

/** A server event before the hub stamps its `eventId`. */
export type UnstampedEvent =
  | Omit<JobCompletedEvent, "eventId">
  | Omit<JobFailedEvent, "eventId">
  | Omit<SessionUpdatedEvent, "eventId">
  | Omit<JobProgressEvent, "eventId">;

/** Which events an event fault strikes. */
export interface EventFaultOptions {
  /** Every event, or only `job.progress` frames. @default "all" */
  events?: "all" | "progress";
  /** Only `job.progress` frames with these `seq` numbers (in every job); implies `events: "progress"`. @default every seq */
  seqs?: number[];
}

/** `EventFaultOptions` checked and resolved once. */
export interface EventFilter {
  progressOnly: boolean;
  seqs: ReadonlySet<number> | null;
}

/** How event delivery misbehaves; `null` is off. Each can be switched on and off at any time. */
export interface SocketEventFaults {
  /** Send matching events twice, with the same `eventId`. */
  duplicate: EventFilter | null;
  /** Hold matching events for `reorderWindowMs`, then send them newest first. */
  reorder: EventFilter | null;
  reorderWindowMs: number;
  /** Send no matching events (only polling can find results). */
  drop: EventFilter | null;
}

export function defaultSocketEventFaults(): SocketEventFaults {
  return { duplicate: null, reorder: null, reorderWindowMs: 50, drop: null };
}

export function strikes(filter: EventFilter | null, event: UnstampedEvent): boolean {
  if (!filter) return false;
  if (event.type !== "job.progress") return !filter.progressOnly;
  return filter.seqs === null || filter.seqs.has(event.seq);
}

/** Refuses what is not a valid `EventFaultOptions`, with a message naming the bad field. */
export function toEventFilter(options: EventFaultOptions = {}): EventFilter {
  const { events = "all", seqs } = options;
  if (events !== "all" && events !== "progress") throw new MockKitError("INVALID_OPTION", `\`events\` must be "all" or "progress", not ${JSON.stringify(events)}.`);
  if (seqs !== undefined && (!Array.isArray(seqs) || !seqs.every((seq) => Number.isInteger(seq) && seq >= 1))) {
    throw new MockKitError("INVALID_OPTION", "`seqs` must be an array of chunk numbers (integers from 1).");
  }
  return { progressOnly: events === "progress" || seqs !== undefined, seqs: seqs === undefined ? null : new Set(seqs) };
}

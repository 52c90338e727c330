import type { JobResult } from "../contract/job.js";
import type { CurrentSessionResponse, SendMessageResponse, SessionResponse, StartSessionResponse } from "../contract/responses.js";
import type { Session } from "../contract/session.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { ConnectionState, TrackedJob } from "../delivery/types.js";
import type { ChatMessage, CoachingSessionContext, CoachingSessionEvent } from "./types.js";

/** What delivery reports, one event type per kind, so transitions read their fields without casts. */
export type DeliveryMachineEvent =
  | { type: "delivery.jobCompleted"; job: TrackedJob; result: JobResult }
  | { type: "delivery.jobFailed"; job: TrackedJob; error: CoachingError }
  | { type: "delivery.jobProgress"; job: TrackedJob; text: string }
  | { type: "delivery.sessionUpdated"; session: Session }
  | { type: "delivery.sessionExpired"; sessionId: string; error: CoachingError }
  | { type: "delivery.stopFailed"; jobId: string; error: CoachingError }
  | { type: "delivery.connection"; connection: ConnectionState }
  | { type: "delivery.error"; error: CoachingError }
  /** The bridge to delivery (re)started, e.g. in an actor restored from a snapshot: it needs the session and job again. */
  | { type: "delivery.ready" }
  /** The page is visible again after `hiddenForMs` hidden. */
  | { type: "page.visible"; hiddenForMs: number };

/**
 * Events the machine raises to itself from its effect actions, carrying what a pure assign may not
 * produce (fresh ids, the time, storage contents).
 */
export type StampedEvent =
  | { type: "outbox.add"; text: string; clientMessageId: string; createdAt: string }
  /** `freshIds`: one new client id per message that may need one (more than are used is fine). */
  | { type: "outbox.retry"; clientMessageId: string | undefined; freshIds: string[] }
  | { type: "outbox.restored"; messages: ChatMessage[] }
  | { type: "retry.scheduled"; at: number }
  /** The wait the server asked for is over (raised with a delay, cancelled when the wait is left). */
  | { type: "retry.due" };

/** Every event the machine handles. */
export type MachineEvent = CoachingSessionEvent | DeliveryMachineEvent | StampedEvent;

/** What the machine asks of delivery. Delivery owns pending jobs; the machine only says which. */
export type DeliveryCommand =
  | { type: "watch"; sessionId: string | null }
  | { type: "track"; jobId: string; sessionId: string; clientMessageId: string | undefined }
  /** Stops waiting for every job of the session (it was replaced, cancelled or ended). */
  | { type: "untrackSession"; sessionId: string }
  /** Asks the server to stop writing this job's reply. */
  | { type: "stop"; jobId: string };

/** The answer of `GET /coaching/sessions/current`, with the time it arrived (for the idle check). */
export type CheckedSession = CurrentSessionResponse & { checkedAt: number };
export type AcceptedMessage = SendMessageResponse & { clientMessageId: string };
export type { SessionResponse, StartSessionResponse };

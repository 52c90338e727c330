import type { Conflict } from "../contract/conflict.js";
import type { Message } from "../contract/message.js";
import type { CoachingResult, Session, SessionStatus } from "../contract/session.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { ConnectionState } from "../delivery/types.js";

/**
 * Where a user message is on its way to the coach:
 * - `queued`: typed, waiting in the outbox (a reply is pending, or an earlier message is still being sent);
 * - `sending`: the POST is in flight (retried with the same idempotency key);
 * - `accepted`: the server has it (it has a `jobId`); the reply follows;
 * - `failed`: not delivered or not answered; `error` says why; `RETRY` sends it again.
 */
export type MessageDelivery = "queued" | "sending" | "accepted" | "failed";

/** A transcript entry: the contract's `Message`, plus the delivery state of user messages. */
export interface ChatMessage extends Message {
  /** Set on user messages; coach messages have none. */
  delivery?: MessageDelivery;
  /** Why a `failed` message failed. */
  error?: CoachingError;
}

export interface CoachingSessionContext {
  /** The server's status of the current session, or null before there is one. */
  status: SessionStatus | null;
  /** The current session as last read (its transcript lives in `messages`). */
  session: Omit<Session, "messages"> | null;
  /** The transcript in order, with local messages not yet accepted at the end. */
  messages: ChatMessage[];
  /** Extracted results, once the conversation is final. */
  result: CoachingResult | null;
  /** Who holds the conflicting session, with guidance, while entry is blocked. */
  conflict: Conflict | null;
  /** The last error, or null. Cleared by the next successful step. */
  error: CoachingError | null;
  /** How replies are reaching this client. */
  connection: ConnectionState;
  /** True when the session was offered as paused because it sat idle longer than `idleAfterMs`. */
  isIdle: boolean;
  /** Jobs awaiting a reply: job id → the user message's client id. */
  pendingJobs: Record<string, string>;
  /** When the session was replaced by a fresh start elsewhere: the new session's id. */
  replacedBy: string | null;
  /** When the page was last hidden (`timers.now()`), for the idle check on return. */
  hiddenAt: number | null;
}

export type CoachingSessionEvent =
  | { type: "RESUME" }
  | { type: "START_NEW" }
  | { type: "SEND"; text: string }
  | { type: "PAUSE" }
  | { type: "CANCEL" }
  /** Retries what failed: the failed messages (or one, by `clientMessageId`), or the failed step. */
  | { type: "RETRY"; clientMessageId?: string }
  /** Drops a failed message the user no longer wants to send. */
  | { type: "DISCARD"; clientMessageId: string }
  /** Re-reads the session and transcript from the server. */
  | { type: "REFRESH" };

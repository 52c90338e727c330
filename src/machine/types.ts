import type { Conflict } from "../contract/conflict.js";
import type { Message } from "../contract/message.js";
import type { Session } from "../contract/session.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { ConnectionState } from "../delivery/types.js";

/**
 * Where a user message is on its way to the coach:
 * - `queued`: typed, waiting in the outbox (a reply is pending, or an earlier message is still being sent);
 * - `sending`: the POST is in flight (retried with the same idempotency key);
 * - `accepted`: the server has it; its reply follows (or has come);
 * - `failed`: not delivered or not answered; `error` says why; `RETRY` sends it again.
 */
export type MessageDelivery = "queued" | "sending" | "accepted" | "failed";

/** A transcript entry: the contract's `Message`, plus what this client knows about it. */
export interface ChatMessage extends Message {
  /** Set on user messages; coach messages have none. */
  delivery?: MessageDelivery;
  /** Why a `failed` message failed. */
  error?: CoachingError;
  /** A coach reply still being written (streamed): `content` is the text so far. */
  partial?: boolean;
  /** A coach reply the user stopped: `content` is what was written before the stop. */
  stopped?: boolean;
}

/** The session as last read, without its transcript (which lives in `transcript`). */
export type SessionInfo = Omit<Session, "messages">;

/** The one reply the conversation waits for: the user message the server accepted, and its job. */
export interface AwaitedReply {
  /** The accepted user message (shown with `delivery: "accepted"`, or `"failed"` with `error`). */
  message: ChatMessage;
  jobId: string;
  /** The reply's text so far while it streams (v1.1 backends), else null. */
  partialText: string | null;
  /** Why the reply did not come (the job failed, timed out or expired); RETRY or DISCARD. */
  error: CoachingError | null;
  /** STOP was asked for this reply and the server has not answered yet. */
  stopping: boolean;
}

export interface SessionSettings {
  /** A session idle longer than this is offered as paused; a tab hidden longer re-checks on return. */
  idleAfterMs: number;
  /** Longest message accepted locally (the server's 413 limit, if known). */
  maxMessageLength: number;
  /** Skip the resume/start-new choice for an ACTIVE, non-idle session (e.g. after a reload). */
  autoResume: boolean;
}

/**
 * The machine's context: data only (no clients, stores or sockets), so snapshots serialise.
 * Each fact has one owner: the session's status and result live in `session`; the conversation is
 * `transcript` (server-confirmed turns), `awaiting` (the reply in progress) and `outbox` (unsent
 * messages); `messages` is derived from those three and never edited on its own.
 */
export interface CoachingSessionContext {
  /** The current session as last read or updated: `status`, `result`, `replacedBy` live here. */
  session: SessionInfo | null;
  /** Messages the server holds, in order, each user message with its reply. Appended to. */
  transcript: ChatMessage[];
  /** The reply being awaited, with the user message it answers; null when none is. */
  awaiting: AwaitedReply | null;
  /** User messages not accepted yet (queued, sending or failed), in the order they were typed. */
  outbox: ChatMessage[];
  /** What to show: `transcript`, then the awaited message and its partial reply, then `outbox`. */
  messages: ChatMessage[];
  /** Who holds the conflicting session, with guidance, while entry is blocked. */
  conflict: Conflict | null;
  /** The last error, or null. Cleared by the next successful step. */
  error: CoachingError | null;
  /** How replies are reaching this client (owned by delivery, reported by its events). */
  connection: ConnectionState;
  /** True when the session was offered as paused because it sat idle longer than `idleAfterMs`. */
  isIdle: boolean;
  /** When the server asked to wait before the next send (`Retry-After`): the time it is retried (`Date.now()` scale). */
  retryingAt: number | null;
  settings: SessionSettings;
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
  | { type: "REFRESH" }
  /** Asks the server to stop the reply being written (v1.1 backends); a no-op when none is awaited. */
  | { type: "STOP" };

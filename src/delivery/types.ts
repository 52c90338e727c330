import type { CoachingClient } from "../api/create-coaching-client.js";
import type { JobResult } from "../contract/job.js";
import type { Session } from "../contract/session.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { KeyValueStorage } from "../shared/storage.js";

/** What the UI shows about how replies reach it. */
export type ConnectionStatus =
  /** Not started, or no session subscribed yet. */
  | "idle"
  /** Opening the socket or waiting for `ready`/`subscribed`. */
  | "connecting"
  /** Socket open, authenticated and subscribed: replies arrive in real time. */
  | "live"
  /** No usable socket (none configured, none available, or down): replies arrive by polling. */
  | "polling"
  /** The browser reports no network. Pending jobs are reconciled when it returns. */
  | "offline"
  /** Stopped, or refused for good (4403). */
  | "closed";

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why the last change happened, e.g. "socket-open", "socket-dropped", "no-websocket", "forbidden". */
  reason: string;
  /** `timers.now()` at the last change. */
  since: number;
}

/** A job the client waits for; persisted until it settles so a reload picks it up again. */
export interface TrackedJob {
  jobId: string;
  sessionId: string;
  /** The user message the job answers. */
  clientMessageId?: string | undefined;
  /** `timers.now()` when tracking began; the job deadline counts from here. */
  trackedAt: number;
}

export type DeliverySource = "socket" | "poll";

export type DeliveryEvent =
  /** A tracked job finished. Emitted exactly once per job id. */
  | { type: "job.completed"; job: TrackedJob; result: JobResult; via: DeliverySource }
  /**
   * A tracked job ended without a result: `JobFailedError` (the backend failed it), `ExpiredError`
   * with resource "job" (TTL: re-read the transcript), or `JobTimeoutError` (deadline passed).
   * Emitted exactly once per job id, and never together with `job.completed` for the same id.
   */
  | { type: "job.failed"; job: TrackedJob; error: CoachingError; via: DeliverySource | "deadline" }
  /**
   * A tracked job's reply so far, while it is written (v1.1 backends): `text` is the whole text of
   * chunks 1..`seq`, in order, always a longer prefix of the same reply. Never after the job settled.
   */
  | { type: "job.progress"; job: TrackedJob; seq: number; text: string }
  /**
   * The watched session as the server has it: changed elsewhere (socket event, once per eventId),
   * or read again after a reconnect, on `online` / visible, and every `sessionRefreshMs` without a
   * live socket (those reads carry the transcript).
   */
  | { type: "session.updated"; session: Session }
  /** The watched session is gone (a `1008` close, or a 404/410 when it was read). */
  | { type: "session.expired"; sessionId: string; error: CoachingError }
  /** The connection status changed. */
  | { type: "connection"; connection: ConnectionState }
  /** Something the app may want to show or log; delivery goes on (e.g. socket auth failed for good). */
  | { type: "error"; error: CoachingError };

export type DeliveryListener = (event: DeliveryEvent) => void;

/** The browser signals delivery reacts to; injected so tests and non-browser hosts control them. */
export interface BrowserEnvironment {
  /** Adds a listener on the window (`online`, `offline`, `pagehide`, `pageshow`); returns its removal. */
  onWindow(type: "online" | "offline" | "pagehide" | "pageshow", listener: () => void): () => void;
  /** Adds a `visibilitychange` listener on the document; returns its removal. */
  onVisibilityChange(listener: () => void): () => void;
  isOnline(): boolean;
  isVisible(): boolean;
}

export interface JobDeliveryOptions {
  /** Where pending jobs (and the session's unsent messages) are kept across reloads. @default sessionStorage when usable, else memory */
  storage?: KeyValueStorage;
  /**
   * Whose state is persisted: every key is scoped to it (`coaching-session-sdk:<userKey>:...`), and
   * nothing persisted under another user key is restored, polled or sent. Pass the signed-in user's
   * id when users can share a browser. @default "default"
   */
  userKey?: string;
  /** First poll delay when no `Retry-After` is given; doubles with jitter. @default 1_000 */
  pollInitialDelayMs?: number;
  /** @default 10_000 */
  pollMaxDelayMs?: number;
  /** A job silent this long on a live socket is polled too (safety net for lost events). @default 20_000 */
  socketSilenceMs?: number;
  /**
   * A job with no outcome after this long is polled once more, then fails with `JobTimeoutError`;
   * a reply that still comes later is delivered all the same. @default 600_000
   */
  jobDeadlineMs?: number;
  /** Without a live socket, the watched session is read this often (while the page is visible), so a pause or expiry elsewhere shows. @default 30_000 */
  sessionRefreshMs?: number;
  /** A streamed chunk that arrives before the one it follows waits this long for it; then the job is polled for its text so far. @default 500 */
  progressGapMs?: number;
  /** Interval of app-level pings on an open socket (gateways drop idle sockets at 10 min). @default 30_000 */
  heartbeatIntervalMs?: number;
  /** A socket that does not answer a ping within this is replaced. @default 10_000 */
  pongTimeoutMs?: number;
  /** First socket reconnect delay after a drop; doubles with jitter. @default 1_000 */
  reconnectInitialDelayMs?: number;
  /** Largest socket reconnect delay. @default 30_000 */
  reconnectMaxDelayMs?: number;
  /** How many settled job ids and seen event ids are remembered (bounded). @default 5_000 */
  rememberIds?: number;
  /** @default the real window/document when present, else a no-op environment */
  environment?: BrowserEnvironment;
}

/**
 * Delivers the outcome of each tracked job exactly once, over the socket when it can and by
 * polling when it cannot. Created with `createJobDelivery(client, options)`.
 */
export interface JobDelivery {
  /** Listens to delivery events. The first listener starts the socket and browser listeners; the last one's removal stops them. */
  subscribe(listener: DeliveryListener): () => void;
  /** Chooses the session whose events are wanted (subscribed on the socket, re-subscribed after reconnects). `null` to clear. */
  watchSession(sessionId: string | null): void;
  /** Starts waiting for a job. Tracking a job id twice, or one already settled, is a no-op. */
  track(job: Omit<TrackedJob, "trackedAt"> & { trackedAt?: number }): void;
  /** Stops waiting for a job without emitting anything (e.g. the session ended). */
  untrack(jobId: string): void;
  /** Stops waiting for every job of a session (it was replaced or ended), restored ones included. */
  untrackSession(sessionId: string): void;
  /**
   * Asks the server to stop writing a tracked job's reply (`POST /coaching/jobs/{id}/cancel`, with an
   * idempotency key, retried like any call). The job then settles as usual, exactly once: completed
   * with the text so far (`result.stopped`), or failed with `CANCELLED`. Rejects with a typed error
   * when the server cannot stop it (a v1 backend answers 404); the reply then simply continues.
   */
  stopReply(jobId: string): Promise<void>;
  /** Jobs still waiting, including those restored from storage after a reload (polled once their session is watched). */
  pendingJobs(): TrackedJob[];
  /** Polls every pending job now (used after reconnects; call it when the app knows better). */
  reconcile(): void;
  getConnection(): ConnectionState;
  /** Closes the socket, clears timers and listeners. Pending jobs stay in storage. */
  stop(): void;
}

export type CreateJobDelivery = (client: CoachingClient, options?: JobDeliveryOptions) => JobDelivery;

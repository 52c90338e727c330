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
  /** The subscribed session changed on the server (paused elsewhere, abandoned, ...). Once per eventId. */
  | { type: "session.updated"; session: Session }
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
  /** Where pending jobs are kept across reloads. @default sessionStorage when usable, else memory */
  storage?: KeyValueStorage;
  /** @default "coaching-session-sdk:pending-jobs" */
  storageKey?: string;
  /** First poll delay when no `Retry-After` is given; doubles with jitter. @default 1_000 */
  pollInitialDelayMs?: number;
  /** @default 10_000 */
  pollMaxDelayMs?: number;
  /** A job silent this long on a live socket is polled too (safety net for lost events). @default 20_000 */
  socketSilenceMs?: number;
  /** A job with no outcome after this long fails with `JobTimeoutError`. @default 600_000 */
  jobDeadlineMs?: number;
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
  /** Jobs still waiting, including those restored from storage after a reload. */
  pendingJobs(): TrackedJob[];
  /** Polls every pending job now (used after reconnects; call it when the app knows better). */
  reconcile(): void;
  getConnection(): ConnectionState;
  /** Closes the socket, clears timers and listeners. Pending jobs stay in storage. */
  stop(): void;
}

export type CreateJobDelivery = (client: CoachingClient, options?: JobDeliveryOptions) => JobDelivery;

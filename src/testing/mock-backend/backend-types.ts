import type { Conflict } from "../../contract/conflict.js";
import type { Job, JobError } from "../../contract/job.js";
import type { CoachingRoutes } from "../../contract/routes.js";
import type { Session } from "../../contract/session.js";
import type { FailNextOptions, HttpFaultTarget, MalformedOptions, NetworkErrorOptions } from "./http-faults.js";
import type { MockSessionSeed } from "./session-seed.js";
import type { EventFaultOptions } from "./socket-events.js";
import type { SocketDropMode } from "./socket-hub.js";
import type { StreamingOptions } from "./streaming-options.js";
import type { MockHttpRequest, MockHttpResponse, MockSocketConnection, MockSocketPeer, RequestLogEntry } from "./types.js";

/** `reorderEvents` options: the event filter plus the holding window. */
export interface ReorderEventsOptions extends EventFaultOptions {
  /** How long events are held before going out newest first. @default 50 */
  windowMs?: number;
}

/** Ways to make the backend misbehave. Every adapter (msw, the real server) sees the same ones. */
export interface MockFaults {
  /** The next call(s) fail with this status; `afterProcessing` applies the call first. */
  failNext(options: FailNextOptions): void;
  /** The next call(s) fail at the network level (fetch rejects). */
  networkErrorNext(options?: NetworkErrorOptions): void;
  /** The next call(s) wait this long before being handled (in-progress for idempotency). */
  delayNext(ms: number, target?: HttpFaultTarget): void;
  /** The next call(s) are handled, but answered with a body the SDK must reject. */
  malformedNext(options?: MalformedOptions): void;
  /** The next `count` jobs to finish fail with `job.failed` instead. */
  failJobs(count?: number, error?: Partial<JobError>): void;
  /** Jobs created from now on take this long. */
  setProcessingDelay(ms: number): void;
  /** Ends every socket: `"abrupt"` (the default) gives the client 1006; a number sends that close code. */
  dropSockets(mode?: SocketDropMode): void;
  /**
   * Sends every event twice, with the same `eventId`. `{ events: "progress" }` aims at
   * `job.progress` frames only; `{ seqs: [2] }` at chunk 2 of every job only.
   */
  duplicateEvents(on?: boolean, options?: EventFaultOptions): void;
  /**
   * Holds events for `windowMs` (default 50), then sends them newest first; a number is the
   * window. `{ events: "progress" }` holds only `job.progress` frames, so chunks come reversed
   * while other events pass.
   */
  reorderEvents(on?: boolean, windowOrOptions?: number | ReorderEventsOptions): void;
  /** Sends the events held by `reorderEvents` now. */
  flushReorderedEvents(): void;
  /**
   * Sends no events on sockets; results can then only be found by polling. `{ events: "progress" }`
   * drops every chunk (replies only appear complete); `{ seqs: [2] }` drops chunk 2, a gap.
   */
  dropEvents(on?: boolean, options?: EventFaultOptions): void;
  /** Sends a frame that is not valid JSON (or the given text) to every authenticated socket. */
  sendMalformedFrame(text?: string): void;
  /** Removes every HTTP fault and job failure, and turns the event faults off. */
  clear(): void;
}

/** Changes the server makes on its own, as other tabs, users or TTLs would. */
export interface MockScenario {
  /**
   * Another user holds the tenant: `GET current` reports it, starting a session gets 409. `null`
   * clears. Tenant-wide: every `userOf` user sees it; one user's open session never sets it.
   */
  setConflict(conflict?: Partial<Conflict> | null): Conflict | null;
  /** The session expires now (404/410). With `closeSockets`, its subscribers are closed with 1008. */
  expireSession(sessionId: string, options?: { closeSockets?: boolean }): void;
  /** The job expires now (404/410 JOB_EXPIRED). */
  expireJob(jobId: string): void;
  /** Another tab paused the session: it becomes PAUSED and `session.updated` is sent. */
  pauseElsewhere(sessionId: string): Session;
  /** A fresh start elsewhere abandoned the session. */
  abandonElsewhere(sessionId: string, replacedBy?: string | null): Session;
  /** The next `count` token checks (HTTP or socket) fail: 401 / close 4401. A refreshed token then passes. */
  expireTokens(count?: number): void;
  /** The reply to this user message (counted per session) is final. */
  setTurnsUntilFinal(turns: number): void;
  /** Streaming for jobs created from now on: `false` turns it off (v1), `true` restores the defaults. */
  setStreaming(streaming: boolean | StreamingOptions): void;
  /**
   * Adds a session as if it had been there all along (for resume and idle screens): no events
   * are sent. Its user messages count as turns. It becomes the newest session of its user.
   *
   * @example
   * backend.scenario.seedSession({
   *   status: "PAUSED",
   *   lastActivityAt: Date.now() - 20 * 60_000,
   *   messages: [{ role: "user", content: "Hi" }, { role: "coach", content: "Hello! What brings you here?" }],
   * });
   */
  seedSession(seed?: MockSessionSeed): Session;
}

/** Narrows an inspection helper to one user's data. */
export interface MockUserFilter {
  /** Only what belongs to this user, as `userOf` names them. @default every user */
  user?: string;
}

/** The in-memory backend. Create it with `createMockCoachingBackend`. */
export interface MockCoachingBackend {
  readonly baseUrl: string;
  readonly socketUrl: string;
  readonly routes: CoachingRoutes;
  /** Handles one HTTP call; the transport-agnostic entry point every HTTP adapter uses. */
  handle(request: MockHttpRequest): Promise<MockHttpResponse>;
  /** Attaches one WebSocket; the adapter forwards its frames to the returned connection. */
  acceptSocket(peer: MockSocketPeer, info?: { url?: string }): MockSocketConnection;
  readonly faults: MockFaults;
  readonly scenario: MockScenario;
  /** Every session (expired ones too), with its transcript, oldest first; `{ user }` narrows it. */
  sessions(filter?: MockUserFilter): Session[];
  /** Every job, oldest first; `{ user }` narrows it. */
  jobs(filter?: MockUserFilter): Job[];
  /** Every HTTP call handled since the last reset, in order; each names its caller's `user`. */
  readonly requests: readonly RequestLogEntry[];
  /** How many user messages with this `clientMessageId` were stored (in `{ user }`'s sessions, or all): 1 proves "never twice". */
  messagesByClientId(clientMessageId: string, filter?: MockUserFilter): number;
  socketCount(): number;
  /** Timers the backend has pending (jobs, delays, held events). */
  pendingTimers(): number;
  /**
   * Forgets all state, faults and logs, restores the options, and closes sockets with 1012. Ids
   * are not reused: they count on across resets (and backends) within the process.
   */
  reset(): void;
  /** Clears every timer and closes sockets with 1001. Calls waiting in a delay answer 503. */
  close(): void;
}

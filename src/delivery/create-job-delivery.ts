import type { CoachingClient } from "../api/create-coaching-client.js";
import type { ResolvedClientOptions } from "../api/options.js";
import type { ServerEvent } from "../contract/socket.js";
import { JobTimeoutError } from "../errors/job-errors.js";
import { backoffDelay } from "../shared/backoff.js";
import type { Logger } from "../shared/logger.js";
import { createBoundedIdSet } from "./bounded-id-set.js";
import { describeConnection, type SocketSupport } from "./describe-connection.js";
import { createEarlyOutcomes } from "./early-outcomes.js";
import { createJobDeadlines } from "./job-deadlines.js";
import { outcomeFromEvent, type JobOutcome } from "./job-outcome.js";
import { createJobPoller } from "./job-poller.js";
import { createListenerSet } from "./listener-set.js";
import { createPendingJobStore } from "./pending-job-store.js";
import { resolveDeliveryOptions } from "./resolve-delivery-options.js";
import { createSocketConnection } from "./socket-connection.js";
import type { SocketPhase } from "./socket-phase.js";
import type { ConnectionState, DeliveryEvent, DeliverySource, JobDelivery, JobDeliveryOptions, TrackedJob } from "./types.js";
import { isSocketUrl } from "./websocket-class-adapter.js";

/** How many outcomes for not-yet-tracked jobs are kept, and for how long (the 202-after-event race). */
const EARLY_OUTCOME_LIMIT = 100;
const EARLY_OUTCOME_TTL_MS = 60_000;

/** The window events delivery reacts to (each has its handler below, under the same name). */
const WINDOW_EVENTS = ["online", "offline", "pagehide", "pageshow"] as const;

/**
 * Delivers each tracked job's outcome exactly once: over the socket while it is live, by polling
 * `GET /coaching/jobs/{id}` whenever it is not (and as a safety net for jobs silent too long).
 * Idle until the first `subscribe`; pending jobs survive reloads in `storage`.
 *
 * @example
 * const delivery = createJobDelivery(client);
 * const unsubscribe = delivery.subscribe((event) => {
 *   if (event.type === "job.completed") showReply(event.result.reply);
 * });
 * delivery.watchSession(session.id);
 * const { jobId } = await client.api.sendMessage(session.id, { content, clientMessageId });
 * delivery.track({ jobId, sessionId: session.id, clientMessageId });
 */
export function createJobDelivery(client: CoachingClient, options: JobDeliveryOptions = {}): JobDelivery {
  const config = resolveDeliveryOptions(options);
  const { timers, logger, random } = client.options;
  const { environment } = config;
  const store = createPendingJobStore(config.storage, config.storageKey);
  const pending = new Map<string, TrackedJob>(store.load().map((job) => [job.jobId, job]));
  const settled = createBoundedIdSet(config.rememberIds);
  const seenEvents = createBoundedIdSet(config.rememberIds);
  const early = createEarlyOutcomes({ limit: EARLY_OUTCOME_LIMIT, ttlMs: EARLY_OUTCOME_TTL_MS, now: () => timers.now() });

  let active = false;
  let stopped = false;
  let online = true;
  let pageHidden = false;
  let watched: string | null = null;
  let socketPhase: SocketPhase = "stopped";
  let socketReason = "not-started";
  let connection: ConnectionState = { status: "idle", reason: "not-started", since: timers.now() };
  let detachEnvironment: Array<() => void> = [];

  const listeners = createListenerSet<DeliveryEvent>(logger, { onFirst: activate, onLast: deactivate });
  const emit = (event: DeliveryEvent) => listeners.emit(event);
  const persist = () => store.save(pending.values());

  const support = socketSupportOf(client.options, logger);
  const socket =
    support === "ok"
      ? createSocketConnection({
          url: client.options.socketUrl as string,
          auth: client.options.socketAuth,
          WebSocket: client.options.WebSocket!,
          tokens: client.tokens,
          timers,
          random,
          logger,
          heartbeatIntervalMs: config.heartbeatIntervalMs,
          pongTimeoutMs: config.pongTimeoutMs,
          reconnectInitialDelayMs: config.reconnectInitialDelayMs,
          reconnectMaxDelayMs: config.reconnectMaxDelayMs,
          onPhase,
          onEvent: onSocketEvent,
          onError: (error) => emit({ type: "error", error }),
        })
      : null;

  const backoff = (attempt: number) =>
    backoffDelay(attempt, { initialMs: config.pollInitialDelayMs, maxMs: config.pollMaxDelayMs, random });
  /** The socket will report this job's outcome: polling is only a slow safety net. */
  const covered = (job: TrackedJob | undefined) => socketPhase === "live" && job !== undefined && job.sessionId === watched;
  const firstPollDelay = (job: TrackedJob) => (covered(job) ? config.socketSilenceMs : backoff(0));

  const poller = createJobPoller({
    getJob: (jobId, call) => client.api.getJob(jobId, call),
    timers,
    logger,
    nextDelay(jobId, attempt, retryAfterMs) {
      const isCovered = covered(pending.get(jobId));
      const cadence = isCovered ? config.socketSilenceMs : backoff(attempt);
      if (retryAfterMs === null) return cadence;
      const hint = Math.min(retryAfterMs, client.options.retry.maxRetryAfterMs);
      return isCovered ? Math.max(hint, cadence) : hint;
    },
    onOutcome: (jobId, outcome) => settle(jobId, outcome, "poll"),
  });

  const deadlines = createJobDeadlines(timers, config.jobDeadlineMs, (job) =>
    settle(job.jobId, { type: "failed", error: new JobTimeoutError(job.jobId, config.jobDeadlineMs, { operation: "delivery" }) }, "deadline"),
  );

  // The one place a job leaves `pending`: whichever source gets here first wins, every later
  // report of the same job finds nothing to settle.
  function settle(jobId: string, outcome: JobOutcome, via: DeliverySource | "deadline"): void {
    const job = pending.get(jobId);
    if (!job || !active) return;
    pending.delete(jobId);
    settled.add(jobId);
    persist();
    poller.cancel(jobId);
    deadlines.remove(jobId);
    if (outcome.type === "completed") emit({ type: "job.completed", job: { ...job }, result: outcome.result, via: via as DeliverySource });
    else emit({ type: "job.failed", job: { ...job }, error: outcome.error, via });
  }

  function onSocketEvent(event: ServerEvent): void {
    const sessionId = event.type === "session.updated" ? event.session.id : event.sessionId;
    if (sessionId !== watched) return logger.debug("delivery: ignored an event for another session", { type: event.type });
    if (seenEvents.has(event.eventId)) return;
    seenEvents.add(event.eventId);
    if (event.type === "session.updated") return emit({ type: "session.updated", session: event.session });
    // Contract v1.1 streaming is not delivered yet (TODO lead): the completion still carries the whole reply.
    if (event.type === "job.progress") return;
    if (settled.has(event.jobId)) return;
    if (pending.has(event.jobId)) return settle(event.jobId, outcomeFromEvent(event), "socket");
    early.remember(event.jobId, outcomeFromEvent(event));
  }

  function onPhase(phase: SocketPhase, reason: string): void {
    const wasLive = socketPhase === "live";
    socketPhase = phase;
    socketReason = reason;
    refreshConnection();
    if (!active) return;
    // Events sent while the socket was down are lost for good: ask the server about every job.
    if (phase === "live" && !wasLive) reconcile();
    // Jobs were on the slow safety-net cadence; without the socket they need the fast one.
    else if (wasLive && phase !== "live") for (const job of pending.values()) poller.schedule(job.jobId, firstPollDelay(job));
  }

  function refreshConnection(): void {
    const next = describeConnection({
      stopped,
      active,
      support,
      phase: socketPhase,
      phaseReason: socketReason,
      online,
      watching: watched !== null,
      pageHidden,
    });
    if (next.status === connection.status && next.reason === connection.reason) return;
    connection = { ...next, since: timers.now() };
    emit({ type: "connection", connection: { ...connection } });
  }

  function watchJob(job: TrackedJob, pollDelayMs: number): void {
    deadlines.add(job);
    const outcome = early.take(job.jobId);
    // Applied after track() returns, so callers never get an event re-entrantly from track().
    if (outcome) queueMicrotask(() => settle(job.jobId, outcome, "socket"));
    else poller.schedule(job.jobId, pollDelayMs);
  }

  function syncSocket(): void {
    if (!socket) return;
    if (active && watched !== null && !pageHidden) socket.start();
    else socket.stop(!active ? "no-listeners" : watched === null ? "no-session" : "page-hidden");
  }

  function reconcile(): void {
    if (!active) return;
    for (const jobId of pending.keys()) poller.pollNow(jobId);
  }

  const environmentHandlers = {
    online() {
      online = true;
      refreshConnection();
      socket?.probe();
      reconcile();
    },
    offline() {
      online = false;
      refreshConnection();
    },
    // An open socket keeps the page out of the back/forward cache.
    pagehide() {
      pageHidden = true;
      syncSocket();
      refreshConnection();
    },
    pageshow() {
      pageHidden = false;
      online = environment.isOnline();
      syncSocket();
      refreshConnection();
      reconcile();
    },
    visibilitychange() {
      if (!environment.isVisible()) return;
      socket?.probe();
      reconcile();
    },
  };

  function activate(): void {
    active = true;
    stopped = false;
    online = environment.isOnline();
    pageHidden = false;
    detachEnvironment = [
      ...WINDOW_EVENTS.map((type) => environment.onWindow(type, environmentHandlers[type])),
      environment.onVisibilityChange(environmentHandlers.visibilitychange),
    ];
    // Jobs restored from storage (or tracked while idle) may have finished meanwhile: ask now.
    for (const job of pending.values()) watchJob(job, 0);
    syncSocket();
    refreshConnection();
  }

  function deactivate(): void {
    active = false;
    for (const detach of detachEnvironment) detach();
    detachEnvironment = [];
    socket?.stop("no-listeners");
    poller.cancelAll();
    deadlines.clear();
    refreshConnection();
  }

  return {
    subscribe: (listener) => listeners.add(listener),
    watchSession(sessionId) {
      if (sessionId === watched) return;
      watched = sessionId;
      socket?.setSession(sessionId);
      syncSocket();
      refreshConnection();
    },
    track(input) {
      if (!input || typeof input.jobId !== "string" || input.jobId === "" || typeof input.sessionId !== "string") {
        throw new TypeError("delivery.track: `jobId` and `sessionId` must be non-empty strings");
      }
      if (pending.has(input.jobId) || settled.has(input.jobId)) return;
      const job: TrackedJob = { jobId: input.jobId, sessionId: input.sessionId, trackedAt: input.trackedAt ?? timers.now() };
      if (input.clientMessageId !== undefined) job.clientMessageId = input.clientMessageId;
      pending.set(job.jobId, job);
      persist();
      if (active) watchJob(job, firstPollDelay(job));
    },
    untrack(jobId) {
      if (!pending.delete(jobId)) return;
      persist();
      poller.cancel(jobId);
      deadlines.remove(jobId);
    },
    pendingJobs: () => [...pending.values()].map((job) => ({ ...job })),
    reconcile,
    getConnection: () => ({ ...connection }),
    stop() {
      listeners.clear();
      if (active) deactivate();
      stopped = true;
      refreshConnection();
    },
  };
}

function socketSupportOf(options: ResolvedClientOptions, logger: Logger): SocketSupport {
  if (!options.WebSocket) return "no-websocket";
  if (!options.socketUrl) return "no-socket-url";
  if (!isSocketUrl(options.socketUrl)) {
    logger.warn("delivery: socketUrl is not a ws:// or wss:// URL; replies arrive by polling");
    return "no-socket-url";
  }
  return "ok";
}

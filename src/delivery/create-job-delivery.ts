import type { CoachingClient } from "../api/create-coaching-client.js";
import type { ResolvedClientOptions } from "../api/options.js";
import type { JobProgressEvent, ServerEvent } from "../contract/socket.js";
import { ExpiredError } from "../errors/expired-error.js";
import { JobTimeoutError } from "../errors/job-errors.js";
import { backoffDelay } from "../shared/backoff.js";
import type { Logger } from "../shared/logger.js";
import { createBoundedIdSet } from "./bounded-id-set.js";
import { describeConnection, type SocketSupport } from "./describe-connection.js";
import { createEarlyReports } from "./early-reports.js";
import { createJobDeadlines } from "./job-deadlines.js";
import { outcomeFromEvent, outcomeFromJob, type JobOutcome } from "./job-outcome.js";
import { createJobPoller } from "./job-poller.js";
import { createJobStreams, type StreamedText } from "./job-streams.js";
import { createListenerSet } from "./listener-set.js";
import { createPageSignals } from "./page-signals.js";
import { createPendingJobs } from "./pending-jobs.js";
import { resolveDeliveryOptions } from "./resolve-delivery-options.js";
import { createSessionRefresher } from "./session-refresher.js";
import { createSocketConnection } from "./socket-connection.js";
import type { SocketPhase } from "./socket-phase.js";
import type { ConnectionState, DeliveryEvent, DeliverySource, JobDelivery, JobDeliveryOptions, TrackedJob } from "./types.js";
import { isSocketUrl } from "./websocket-class-adapter.js";

/** How many outcomes for not-yet-tracked jobs are kept, and for how long (the 202-after-event race). */
const EARLY_OUTCOME_LIMIT = 100;
const EARLY_OUTCOME_TTL_MS = 60_000;

/**
 * Delivers each tracked job's outcome exactly once: over the socket while it is live, by polling
 * `GET /coaching/jobs/{id}` whenever it is not (and as a safety net for jobs silent too long).
 * Also keeps the watched session fresh (re-read after gaps) and assembles streamed replies.
 * Idle until the first `subscribe`; pending jobs survive reloads in `storage`, per `userKey`.
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
  const jobs = createPendingJobs({ ...config, logger, now: () => timers.now() });
  const seenEvents = createBoundedIdSet(config.rememberIds);
  const early = createEarlyReports<JobOutcome>({ limit: EARLY_OUTCOME_LIMIT, ttlMs: EARLY_OUTCOME_TTL_MS, now: () => timers.now() });

  let active = false;
  let stopped = false;
  let watched: string | null = null;
  /** The watched session has been live before: a later `live` follows a gap in events. */
  let wasLiveForSession = false;
  let socketPhase: SocketPhase = "stopped";
  let socketReason = "not-started";
  let connection: ConnectionState = { status: "idle", reason: "not-started", since: timers.now() };

  const listeners = createListenerSet<DeliveryEvent>(logger, { onFirst: activate, onLast: deactivate });
  const emit = (event: DeliveryEvent) => listeners.emit(event);

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
          onSessionClosed: (sessionId) => expireSession(sessionId, new ExpiredError("session", { id: sessionId, operation: "socket" })),
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
      const isCovered = covered(jobs.get(jobId));
      const cadence = isCovered ? config.socketSilenceMs : backoff(attempt);
      if (retryAfterMs === null) return cadence;
      const hint = Math.min(retryAfterMs, client.options.retry.maxRetryAfterMs);
      return isCovered ? Math.max(hint, cadence) : hint;
    },
    onOutcome: (jobId, outcome) => settle(jobId, outcome, "poll"),
    onPartial: (jobId, partial) => showProgress(jobId, streams.partial(jobId, partial)),
  });

  const streams = createJobStreams({
    timers,
    logger,
    gapMs: config.progressGapMs,
    // A job not tracked yet is not polled: its first poll, once tracked, heals the gap.
    onGap: (jobId) => jobs.has(jobId) && poller.pollNow(jobId),
  });
  /**
   * Jobs not tracked yet whose chunks are being assembled: chunks that overtook the send's 202 (the
   * normal race), shown once the job is tracked; dropped, with a warning, if it never is.
   */
  const unclaimed = createEarlyReports<true>({
    limit: EARLY_OUTCOME_LIMIT,
    ttlMs: EARLY_OUTCOME_TTL_MS,
    now: () => timers.now(),
    onDrop(jobId) {
      streams.forget(jobId);
      logger.warn("delivery: skipped progress for a job that was never awaited", { jobId });
    },
  });

  // A deadline never beats a reply: the job is polled once more first, and only if that finds it
  // still running does it fail (and even then a late reply is delivered: see `PendingJobs.take`).
  const deadlines = createJobDeadlines(timers, config.jobDeadlineMs, (job) =>
    poller.lastPoll(job.jobId, () =>
      settle(job.jobId, { type: "failed", error: new JobTimeoutError(job.jobId, config.jobDeadlineMs, { operation: "delivery" }) }, "deadline"),
    ),
  );

  const refresher = createSessionRefresher({
    getSession: (sessionId, call) => client.api.getSession(sessionId, call),
    timers,
    logger,
    intervalMs: config.sessionRefreshMs,
    shouldPoll: () => active && socketPhase !== "live" && !page.pageHidden && environment.isVisible(),
    onSession: (session) => emit({ type: "session.updated", session }),
    onExpired: expireSession,
  });

  function expireSession(sessionId: string, error: ExpiredError): void {
    if (active && sessionId === watched) emit({ type: "session.expired", sessionId, error });
  }

  // The one place a job's outcome is emitted: whichever source gets here first wins, every later
  // report of the same job finds nothing to take.
  function settle(jobId: string, outcome: JobOutcome, via: DeliverySource | "deadline"): void {
    if (!active) return;
    const job = jobs.take(jobId, { completed: outcome.type === "completed", timedOut: via === "deadline" });
    if (!job) return;
    stopWatching(jobId);
    if (outcome.type === "completed") emit({ type: "job.completed", job: { ...job }, result: outcome.result, via: via as DeliverySource });
    else emit({ type: "job.failed", job: { ...job }, error: outcome.error, via });
  }

  /** Stops every timer and poll of a job. */
  function stopWatching(jobId: string): void {
    poller.cancel(jobId);
    deadlines.remove(jobId);
    streams.forget(jobId);
  }

  function showProgress(jobId: string, grown: StreamedText | null): void {
    const job = jobs.get(jobId);
    if (job && grown && grown.seq > 0 && active) emit({ type: "job.progress", job: { ...job }, seq: grown.seq, text: grown.text });
  }

  function onProgress(event: JobProgressEvent): void {
    const { jobId } = event;
    unclaimed.prune();
    if (jobs.has(jobId)) return showProgress(jobId, streams.chunk(jobId, event.seq, event.delta));
    // Late chunks of a finished reply are stale: nothing to show.
    if (jobs.isKnown(jobId)) return logger.debug("delivery: skipped progress for a job that has settled", { jobId });
    if (!unclaimed.has(jobId)) unclaimed.remember(jobId, true);
    streams.chunk(jobId, event.seq, event.delta);
  }

  function onSocketEvent(event: ServerEvent): void {
    const sessionId = event.type === "session.updated" ? event.session.id : event.sessionId;
    if (sessionId !== watched) return logger.debug("delivery: ignored an event for another session", { type: event.type });
    // Chunks are deduplicated by `seq`; remembering their event ids would only evict useful ones.
    if (event.type === "job.progress") return onProgress(event);
    if (seenEvents.has(event.eventId)) return;
    seenEvents.add(event.eventId);
    if (event.type === "session.updated") return emit({ type: "session.updated", session: event.session });
    if (jobs.isSettled(event.jobId)) return;
    if (jobs.isKnown(event.jobId)) return settle(event.jobId, outcomeFromEvent(event), "socket");
    early.remember(event.jobId, outcomeFromEvent(event));
  }

  function onPhase(phase: SocketPhase, reason: string): void {
    const wasLive = socketPhase === "live";
    socketPhase = phase;
    socketReason = reason;
    refreshConnection();
    if (!active) return;
    refresher.reschedule();
    if (phase === "live" && !wasLive) {
      // Events sent while the socket was down are lost for good: ask the server about every job,
      // and about the session (a pause or abandon made meanwhile).
      reconcile();
      if (wasLiveForSession) refresher.refreshNow();
      wasLiveForSession = true;
    }
    // Jobs were on the slow safety-net cadence; without the socket they need the fast one.
    else if (wasLive && phase !== "live") for (const job of jobs.trusted()) poller.schedule(job.jobId, firstPollDelay(job));
  }

  function refreshConnection(): void {
    const next = describeConnection({
      stopped,
      active,
      support,
      phase: socketPhase,
      phaseReason: socketReason,
      online: page.online,
      watching: watched !== null,
      pageHidden: page.pageHidden,
    });
    if (next.status === connection.status && next.reason === connection.reason) return;
    connection = { ...next, since: timers.now() };
    emit({ type: "connection", connection: { ...connection } });
  }

  function watchJob(job: TrackedJob, pollDelayMs: number): void {
    unclaimed.prune();
    deadlines.add(job);
    // Claimed either way, so a job whose early completion ends it is not warned about later.
    const streamedEarly = unclaimed.take(job.jobId);
    const outcome = early.take(job.jobId);
    // Applied after track() returns, so callers never get an event re-entrantly from track().
    if (outcome) return queueMicrotask(() => settle(job.jobId, outcome, "socket"));
    poller.schedule(job.jobId, pollDelayMs);
    if (streamedEarly) queueMicrotask(() => showProgress(job.jobId, streams.current(job.jobId)));
  }

  /** Restored jobs of the session now watched were this user's: take them up. */
  function adoptRestored(): void {
    if (watched === null) return;
    for (const job of jobs.adopt(watched)) if (active) watchJob(job, 0);
  }

  function syncSocket(): void {
    if (!socket) return;
    if (active && watched !== null && !page.pageHidden) socket.start();
    else socket.stop(!active ? "no-listeners" : watched === null ? "no-session" : "page-hidden");
  }

  function reconcile(): void {
    if (!active) return;
    for (const job of jobs.trusted()) poller.pollNow(job.jobId);
  }

  /** Something may have been missed (network back, page shown again): jobs and session both. */
  function catchUp(): void {
    reconcile();
    refresher.refreshNow();
  }

  const page = createPageSignals(environment, {
    changed() {
      syncSocket();
      refreshConnection();
      refresher.reschedule();
    },
    back() {
      socket?.probe();
      catchUp();
    },
  });

  function activate(): void {
    active = true;
    stopped = false;
    page.attach();
    // Jobs tracked while idle may have finished meanwhile: ask now.
    for (const job of jobs.trusted()) watchJob(job, 0);
    adoptRestored();
    syncSocket();
    refreshConnection();
    refresher.reschedule();
  }

  function deactivate(): void {
    active = false;
    page.detach();
    socket?.stop("no-listeners");
    poller.cancelAll();
    deadlines.clear();
    streams.clear();
    unclaimed.clear();
    refresher.stop();
    refreshConnection();
  }

  return {
    subscribe: (listener) => listeners.add(listener),
    watchSession(sessionId) {
      if (sessionId === watched) return;
      watched = sessionId;
      wasLiveForSession = false;
      socket?.setSession(sessionId);
      refresher.watch(sessionId);
      adoptRestored();
      syncSocket();
      refreshConnection();
    },
    track(input) {
      if (!input || typeof input.jobId !== "string" || input.jobId === "" || typeof input.sessionId !== "string") {
        throw new TypeError("delivery.track: `jobId` and `sessionId` must be non-empty strings");
      }
      // A restored job tracked again is vouched for by the app.
      const job = jobs.add(input) ?? jobs.vouch(input.jobId);
      if (job && active) watchJob(job, firstPollDelay(job));
    },
    untrack(jobId) {
      if (jobs.drop(jobId)) stopWatching(jobId);
    },
    untrackSession(sessionId) {
      for (const jobId of jobs.idsOfSession(sessionId)) if (jobs.drop(jobId)) stopWatching(jobId);
    },
    async stopReply(jobId) {
      if (!jobs.has(jobId)) return;
      const { job } = await client.api.cancelJob(jobId);
      // The answer is an outcome like any other: settled once, whichever report comes first.
      const outcome = outcomeFromJob(job);
      if (outcome) settle(jobId, outcome, "poll");
    },
    pendingJobs: () => jobs.all().map((job) => ({ ...job })),
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

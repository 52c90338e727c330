import type { CoachingApi } from "../api/create-coaching-client.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { Logger } from "../shared/logger.js";
import type { TimerHandle, Timers } from "../shared/timers.js";
import { outcomeFromJob, type JobOutcome } from "./job-outcome.js";

export interface JobPollerOptions {
  getJob: CoachingApi["getJob"];
  timers: Timers;
  logger: Logger;
  /**
   * The wait before the next poll of a job still running. `attempt` counts polls since the job was
   * last (re)scheduled, from 1; `retryAfterMs` is the server's hint, or null.
   */
  nextDelay(jobId: string, attempt: number, retryAfterMs: number | null): number;
  /** A poll found the job finished (or expired). Called at most once per scheduled job. */
  onOutcome(jobId: string, outcome: JobOutcome): void;
  /** A poll found the job still running, with its reply's text so far (v1.1 backends). */
  onPartial(jobId: string, partial: { seq: number; text: string }): void;
}

/** Polls `GET /coaching/jobs/{id}` per job, each on its own schedule, until told to stop. */
export interface JobPoller {
  /** Polls the job after `delayMs` (replacing its pending wait). A poll in flight is left to finish. */
  schedule(jobId: string, delayMs: number): void;
  /** Polls the job now, unless a poll of it is already in flight. */
  pollNow(jobId: string): void;
  /**
   * One last poll (the one in flight, or a new one): if the server answers that the job is still
   * running, `onNoOutcome` runs instead of another poll being scheduled; a poll that fails is
   * repeated on the backoff until the server answers. A deadline asks this, so it never beats a reply.
   */
  lastPoll(jobId: string, onNoOutcome: () => void): void;
  /** Stops polling the job and aborts its poll in flight. */
  cancel(jobId: string): void;
  cancelAll(): void;
}

interface PollState {
  timer: TimerHandle | null;
  controller: AbortController | null;
  attempt: number;
  /** Set by `lastPoll`: what to do instead of polling again. */
  onNoOutcome: (() => void) | null;
}

export function createJobPoller(options: JobPollerOptions): JobPoller {
  const { getJob, timers, logger } = options;
  const states = new Map<string, PollState>();

  const stateOf = (jobId: string) => {
    let state = states.get(jobId);
    if (!state) states.set(jobId, (state = { timer: null, controller: null, attempt: 0, onNoOutcome: null }));
    return state;
  };

  const clearTimer = (state: PollState) => {
    if (state.timer !== null) timers.clearTimeout(state.timer);
    state.timer = null;
  };

  const wait = (jobId: string, state: PollState, delayMs: number) => {
    clearTimer(state);
    state.timer = timers.setTimeout(() => {
      state.timer = null;
      start(jobId, state);
    }, delayMs);
  };

  const start = (jobId: string, state: PollState) => {
    poll(jobId, state).catch((error: unknown) => logger.error("delivery: a poll failed unexpectedly", error));
  };

  // Every exit path checks `states.get(jobId) === state`: a job cancelled (or cancelled and
  // scheduled again) while its request was in flight must not act on the stale answer.
  async function poll(jobId: string, state: PollState): Promise<void> {
    const controller = new AbortController();
    state.controller = controller;
    let retryAfterMs: number | null = null;
    /** The server answered that the job is still running (not a failed poll). */
    let stillRunning = false;
    try {
      // retry: 0 because this loop owns the backoff; the client's own retries would stack on it.
      const answer = await getJob(jobId, { signal: controller.signal, retry: 0 });
      if (states.get(jobId) !== state || controller.signal.aborted) return;
      state.controller = null;
      const outcome = outcomeFromJob(answer.job);
      if (outcome) return finish(jobId, outcome);
      if (answer.job.status === "COMPLETED") logger.warn("delivery: a COMPLETED job came without a result; polling it again", { jobId });
      if (answer.job.partial) options.onPartial(jobId, answer.job.partial);
      retryAfterMs = answer.retryAfterMs;
      stillRunning = true;
    } catch (error) {
      if (states.get(jobId) !== state || controller.signal.aborted) return;
      state.controller = null;
      const code = (error as CoachingError | undefined)?.code;
      // A 429/503 says when to come back; honour it like an in-progress answer's hint.
      retryAfterMs = (error as { retryAfterMs?: number | null } | undefined)?.retryAfterMs ?? null;
      // 404/410: the job is gone for good (TTL), which is an outcome, not a hiccup.
      if (code === "JOB_EXPIRED") return finish(jobId, { type: "failed", error: error as CoachingError });
      const transient = code === "NETWORK_ERROR" || code === "TIMEOUT";
      logger[transient ? "debug" : "warn"]("delivery: polling a job failed; trying again later", {
        jobId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (states.get(jobId) !== state) return;
    // Only the server's word ends a job's wait: after a failed poll (offline on waking, a 503)
    // the last poll is tried again, on the usual backoff.
    if (state.onNoOutcome && stillRunning) {
      states.delete(jobId);
      return state.onNoOutcome();
    }
    state.attempt += 1;
    wait(jobId, state, options.nextDelay(jobId, state.attempt, retryAfterMs));
  }

  function finish(jobId: string, outcome: JobOutcome): void {
    states.delete(jobId);
    options.onOutcome(jobId, outcome);
  }

  const cancel = (jobId: string) => {
    const state = states.get(jobId);
    if (!state) return;
    states.delete(jobId);
    clearTimer(state);
    state.controller?.abort();
  };

  return {
    schedule(jobId, delayMs) {
      const state = stateOf(jobId);
      state.attempt = 0;
      if (!state.controller) wait(jobId, state, delayMs);
    },
    pollNow(jobId) {
      const state = stateOf(jobId);
      if (state.controller) return;
      clearTimer(state);
      start(jobId, state);
    },
    lastPoll(jobId, onNoOutcome) {
      const state = stateOf(jobId);
      state.onNoOutcome = onNoOutcome;
      if (state.controller) return;
      clearTimer(state);
      start(jobId, state);
    },
    cancel,
    cancelAll() {
      for (const jobId of [...states.keys()]) cancel(jobId);
    },
  };
}

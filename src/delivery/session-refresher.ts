import type { CoachingApi } from "../api/create-coaching-client.js";
import type { Session } from "../contract/session.js";
import { isCoachingError, type CoachingError } from "../errors/coaching-error.js";
import type { Logger } from "../shared/logger.js";
import type { TimerHandle, Timers } from "../shared/timers.js";

export interface SessionRefresherOptions {
  getSession: CoachingApi["getSession"];
  timers: Timers;
  logger: Logger;
  intervalMs: number;
  /** Whether reading on the slow cadence is worth it now (no live socket, page visible, running). */
  shouldPoll(): boolean;
  onSession(session: Session): void;
  onExpired(sessionId: string, error: CoachingError): void;
}

/**
 * Keeps the watched session fresh when events may have been missed: a read on demand (after a
 * reconnect, `online`, the page becoming visible) and, while no socket can report changes, one
 * every `intervalMs`. A pause, abandon or expiry made elsewhere then shows within that time.
 */
export interface SessionRefresher {
  watch(sessionId: string | null): void;
  /** Reads the watched session now, unless a read is already in flight. */
  refreshNow(): void;
  /** Re-evaluates the slow cadence (after the socket or page state changed). */
  reschedule(): void;
  stop(): void;
}

export function createSessionRefresher(options: SessionRefresherOptions): SessionRefresher {
  const { timers, logger } = options;
  let watched: string | null = null;
  let timer: TimerHandle | null = null;
  let inFlight: AbortController | null = null;

  const clearTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const reschedule = () => {
    clearTimer();
    if (watched === null || !options.shouldPoll()) return;
    timer = timers.setTimeout(() => {
      timer = null;
      refreshNow();
    }, options.intervalMs);
  };

  function refreshNow(): void {
    const sessionId = watched;
    if (sessionId === null || inFlight) return;
    const controller = new AbortController();
    inFlight = controller;
    // retry: 0: the next read is at most one interval (or one reconnect) away.
    options
      .getSession(sessionId, { signal: controller.signal, retry: 0 })
      .then(
        ({ session }) => {
          if (!controller.signal.aborted && session.id === watched) options.onSession(session);
        },
        (error: unknown) => {
          if (controller.signal.aborted || sessionId !== watched) return;
          if (isCoachingError(error) && error.code === "SESSION_EXPIRED") return options.onExpired(sessionId, error);
          logger.debug("delivery: reading the session failed; trying again later", { error: isCoachingError(error) ? error.code : String(error) });
        },
      )
      .finally(() => {
        if (inFlight === controller) inFlight = null;
        if (!controller.signal.aborted) reschedule();
      });
  }

  const abort = () => {
    inFlight?.abort();
    inFlight = null;
  };

  return {
    watch(sessionId) {
      if (sessionId === watched) return;
      abort();
      watched = sessionId;
      reschedule();
    },
    refreshNow,
    reschedule,
    stop() {
      abort();
      clearTimer();
    },
  };
}

import type { MockFaults } from "./backend-types.js";
import type { BackendContext } from "./context.js";
import { defaultSocketEventFaults, toEventFilter, type EventFaultOptions } from "./socket-events.js";

/** The `backend.faults` object: thin setters over the context's fault state. */
export function createMockFaults(ctx: BackendContext): MockFaults {
  const events = ctx.hub.eventFaults;
  return {
    failNext: (options) => ctx.httpFaults.failNext(options),
    networkErrorNext: (options) => ctx.httpFaults.networkErrorNext(options),
    delayNext: (ms, target) => ctx.httpFaults.delayNext(ms, target),
    malformedNext: (options) => ctx.httpFaults.malformedNext(options),
    failJobs(count = 1, error = {}) {
      for (let i = 0; i < count; i++) {
        ctx.jobFailures.push({ code: "COACH_UNAVAILABLE", message: "The coach could not answer (simulated).", retryable: true, ...error });
      }
    },
    setProcessingDelay(ms) {
      ctx.config.processingDelayMs = Math.max(0, ms);
    },
    dropSockets: (mode) => ctx.hub.drop(mode),
    duplicateEvents(on = true, options) {
      events.duplicate = on ? toEventFilter(options) : null;
    },
    reorderEvents(on = true, windowOrOptions) {
      const { windowMs, ...options }: EventFaultOptions & { windowMs?: number } =
        typeof windowOrOptions === "number" ? { windowMs: windowOrOptions } : (windowOrOptions ?? {});
      events.reorder = on ? toEventFilter(options) : null;
      if (windowMs !== undefined) events.reorderWindowMs = windowMs;
      if (!on) ctx.hub.flushHeld();
    },
    flushReorderedEvents: () => ctx.hub.flushHeld(),
    dropEvents(on = true, options) {
      events.drop = on ? toEventFilter(options) : null;
    },
    sendMalformedFrame: (text = "{this is not json") => ctx.hub.sendRaw(text),
    clear() {
      ctx.httpFaults.clear();
      ctx.jobFailures.length = 0;
      ctx.hub.flushHeld();
      Object.assign(events, defaultSocketEventFaults());
    },
  };
}

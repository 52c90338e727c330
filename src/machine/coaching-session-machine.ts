import { initialContext, machineSetup } from "./actions.js";
import { settingsOf, theEvent } from "./setup.js";
import { activeState, cancellingState, pausedState, pausingState, syncingState } from "./states/chat-states.js";
import { abandonedState, cancelledState, completedState, expiredState, failedState } from "./states/end-states.js";
import { checkingState, choosingState, conflictState, resumingState, startingState } from "./states/opening-states.js";

/**
 * The coaching session lifecycle: check, choose (resume or start new), chat, pause, finish.
 * Its effects (API calls, delivery, storage, clock) are declared, not built in: run it with
 * `createCoachingSession(client)`, or `createCoachingSessionMachine(client)` to swap one with
 * `.provide()`.
 */
export const coachingSessionMachine = machineSetup.createMachine({
  id: "coachingSession",
  context: ({ input }) => initialContext(settingsOf(input)),
  invoke: { id: "delivery", src: "delivery" },
  initial: "checking",
  on: {
    // Delivery reports jobs of any session it tracks; only the current session's count here.
    "delivery.jobCompleted": [
      { guard: { type: "isOtherSession", params: ({ event }) => event.job.sessionId } },
      {
        guard: { type: "isFinalReply", params: ({ event }) => event.result },
        target: ".completed",
        actions: [{ type: "applyReply", params: theEvent }, { type: "completeSession", params: ({ event }) => event.result }],
      },
      // Final by one flag but not the other (no result to show): the session read settles it.
      { guard: { type: "endsSession", params: ({ event }) => event.result }, target: ".syncing", actions: { type: "applyReply", params: theEvent } },
      {
        guard: { type: "hasUnknownStatus", params: ({ event }) => event.result },
        actions: [
          { type: "applyReply", params: theEvent },
          { type: "warn", params: ({ event }) => `a reply carried an unknown session status "${event.result.sessionStatus}"; the session is left as it was` },
        ],
      },
      { actions: { type: "applyReply", params: theEvent } },
    ],
    "delivery.jobFailed": [
      { guard: { type: "isOtherSession", params: ({ event }) => event.job.sessionId } },
      { actions: { type: "applyJobFailure", params: theEvent } },
    ],
    "delivery.jobProgress": [
      { guard: { type: "isOtherSession", params: ({ event }) => event.job.sessionId } },
      { actions: { type: "applyProgress", params: theEvent } },
    ],
    "delivery.sessionUpdated": [
      { guard: { type: "isOtherSession", params: ({ event }) => event.session.id } },
      { guard: { type: "isSessionNow", params: ({ event }) => ({ session: event.session, status: "ABANDONED" as const }) }, target: ".abandoned", actions: { type: "loadUpdatedSession", params: ({ event }) => event.session } },
      // The update may overtake the final reply (events are unordered, or the final send's 202 is
      // still on its way): read the session, reply and result included.
      { guard: { type: "isSessionNow", params: ({ event }) => ({ session: event.session, status: "COMPLETED" as const }) }, target: ".syncing" },
      { guard: { type: "isSessionNow", params: ({ event }) => ({ session: event.session, status: "CANCELLED" as const }) }, target: ".cancelled", actions: { type: "loadUpdatedSession", params: ({ event }) => event.session } },
      { actions: [{ type: "loadUpdatedSession", params: ({ event }) => event.session }, "trackAwaited"] },
    ],
    "delivery.sessionExpired": {
      guard: { type: "isCurrentSession", params: ({ event }) => event.sessionId },
      target: ".expired",
      actions: { type: "assignError", params: theEvent },
    },
    "delivery.stopFailed": { actions: { type: "stopFailed", params: theEvent } },
    "delivery.connection": { actions: { type: "assignConnection", params: ({ event }) => event.connection } },
    "delivery.error": { actions: { type: "assignDeliveryError", params: ({ event }) => event.error } },
    "outbox.restored": { actions: { type: "restoreOutbox", params: ({ event }) => event.messages } },
    "retry.scheduled": { actions: { type: "setRetryingAt", params: ({ event }) => event.at } },
    STOP: { guard: "canStop", actions: ["markStopping", "stopReply"] },
    SEND: { actions: { type: "blockSend", params: ({ event }) => ({ text: event.text, reason: "not-active" as const }) } },
  },
  states: {
    checking: checkingState,
    conflict: conflictState,
    choosing: choosingState,
    starting: startingState,
    resuming: resumingState,
    syncing: syncingState,
    active: activeState,
    pausing: pausingState,
    paused: pausedState,
    cancelling: cancellingState,
    completed: completedState,
    cancelled: cancelledState,
    abandoned: abandonedState,
    expired: expiredState,
    failed: failedState,
  },
});


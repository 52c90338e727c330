import { cancelledState, completedState, abandonedState, expiredState, failedState } from "./states/end-states.js";
import { activeState, cancellingState, pausedState, pausingState, syncingState } from "./states/chat-states.js";
import { checkingState, choosingState, conflictState, resumingState, startingState } from "./states/opening-states.js";
import { sessionSetup } from "./machine-actions.js";

export type { CoachingSessionMachineContext } from "./machine-setup.js";

/**
 * The coaching session lifecycle: check, choose (resume or start new), chat, pause, finish.
 * Create a running instance with `createCoachingSession(client)`.
 */
export const coachingSessionMachine = sessionSetup.createMachine({
  id: "coachingSession",
  context: ({ input }) => ({
    services: input.services,
    settings: input.settings,
    status: null,
    session: null,
    messages: [],
    result: null,
    conflict: null,
    error: null,
    connection: input.services.delivery.getConnection(),
    isIdle: false,
    pendingJobs: {},
    replacedBy: null,
    hiddenAt: null,
  }),
  invoke: { id: "delivery", src: "deliveryBridge", input: ({ context }) => ({ services: context.services }) },
  initial: "checking",
  on: {
    "delivery.event": [
      { guard: "isFinalReply", target: ".completed", actions: ["applyReply", "persistOutbox"] },
      { guard: "isReply", actions: "applyReply" },
      { guard: "isExpiredJob", actions: "applyJobFailure" },
      { guard: "isJobFailure", actions: ["applyJobFailure", "persistOutbox"] },
      { guard: { type: "isSessionNow", params: "ABANDONED" }, target: ".abandoned", actions: "loadUpdatedSession" },
      // The update carries no transcript and may overtake the final reply (events are unordered,
      // or the final send's 202 is still on its way): read the session, reply and result included.
      { guard: { type: "isSessionNow", params: "COMPLETED" }, target: ".syncing" },
      { guard: { type: "isSessionNow", params: "CANCELLED" }, target: ".cancelled", actions: "loadUpdatedSession" },
      { guard: "isSessionUpdate", actions: "loadUpdatedSession" },
      { guard: "isConnection", actions: "assignConnection" },
      { guard: "isDeliveryError", actions: "assignDeliveryError" },
    ],
    "page.hidden": { actions: "markHidden" },
    "page.visible": { actions: "markVisible" },
    SEND: { actions: "blockSend" },
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

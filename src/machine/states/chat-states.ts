import { sessionSetup } from "../machine-actions.js";

// Chatting and pausing, with the calls that move between them.

export const activeState = sessionSetup.createStateConfig({
  tags: ["can-send"],
  entry: ["watchSession", "trackPending", "persistOutbox"],
  initial: "ready",
  on: {
    SEND: [{ guard: "isSendable", actions: ["enqueue", "persistOutbox"] }, { actions: "blockSend" }],
    RETRY: { actions: ["requeueFailed", "persistOutbox"] },
    DISCARD: { actions: ["discard", "persistOutbox"] },
    PAUSE: "pausing",
    CANCEL: "cancelling",
    START_NEW: "starting",
    REFRESH: "syncing",
    "delivery.event": [
      { guard: { type: "isSessionNow", params: "PAUSED" }, target: "paused", actions: "loadUpdatedSession" },
      { guard: "isExpiredJob", target: "syncing", actions: "applyJobFailure" },
    ],
    "page.visible": [{ guard: "wasHiddenLong", target: "checking", actions: "markVisible" }, { actions: "markVisible" }],
  },
  states: {
    ready: {
      always: { guard: "canSendNext", target: "sending" },
    },
    sending: {
      entry: "markSending",
      exit: "requeueSending",
      invoke: {
        id: "sendMessage",
        src: "sendMessage",
        input: ({ context }) => {
          const message = context.messages.find((m) => m.delivery === "sending")!;
          return {
            services: context.services,
            sessionId: context.session!.id,
            content: message.content,
            clientMessageId: message.clientMessageId!,
          };
        },
        onDone: { target: "ready", actions: ["accept", "track", "persistOutbox"] },
        onError: [
          { guard: "isExpired", target: "#coachingSession.expired", actions: "assignError" },
          // Marked failed (not re-queued) so an inconsistent server cannot make us loop.
          { guard: "isNotActiveOnServer", target: "#coachingSession.syncing", actions: ["failSending", "persistOutbox"] },
          { target: "ready", actions: ["failSending", "persistOutbox"] },
        ],
      },
    },
  },
});

export const pausingState = sessionSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "pauseSession",
    src: "pauseSession",
    input: ({ context }) => ({ services: context.services, sessionId: context.session!.id }),
    onDone: { target: "paused", actions: "loadSession" },
    onError: [
      { guard: "isExpired", target: "expired", actions: "assignError" },
      // e.g. a retried pause whose first attempt did land: read where the session really is.
      { guard: "isNotActiveOnServer", target: "syncing" },
      { target: "active", actions: "assignError" },
    ],
  },
});

export const pausedState = sessionSetup.createStateConfig({
  entry: ["watchSession", "trackPending"],
  on: {
    SEND: { actions: "blockSendPaused" },
    RESUME: "resuming",
    CANCEL: "cancelling",
    START_NEW: "starting",
    REFRESH: "syncing",
    RETRY: { actions: ["requeueFailed", "persistOutbox"] },
    DISCARD: { actions: ["discard", "persistOutbox"] },
    "delivery.event": [
      { guard: { type: "isSessionNow", params: "ACTIVE" }, target: "active", actions: "loadUpdatedSession" },
      { guard: "isExpiredJob", target: "syncing", actions: "applyJobFailure" },
    ],
    "page.visible": [{ guard: "wasHiddenLong", target: "checking", actions: "markVisible" }, { actions: "markVisible" }],
  },
});

export const cancellingState = sessionSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "cancelSession",
    src: "cancelSession",
    input: ({ context }) => ({ services: context.services, sessionId: context.session!.id }),
    onDone: { target: "cancelled", actions: "loadSession" },
    onError: [
      { guard: "isExpired", target: "expired", actions: "assignError" },
      { target: "syncing", actions: "assignError" },
    ],
  },
});

export const syncingState = sessionSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "getSession",
    src: "getSession",
    input: ({ context }) => ({ services: context.services, sessionId: context.session!.id }),
    onDone: [
      { guard: { type: "sessionIs", params: "ACTIVE" }, target: "active", actions: "loadSession" },
      { guard: { type: "sessionIs", params: "PAUSED" }, target: "paused", actions: "loadSession" },
      { guard: { type: "sessionIs", params: "COMPLETED" }, target: "completed", actions: "loadSession" },
      { guard: { type: "sessionIs", params: "CANCELLED" }, target: "cancelled", actions: "loadSession" },
      { target: "abandoned", actions: "loadSession" },
    ],
    onError: [
      { guard: "isExpired", target: "expired", actions: "assignError" },
      { target: "failed", actions: "assignError" },
    ],
  },
});

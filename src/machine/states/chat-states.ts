import { machineSetup } from "../actions.js";
import { retryAfterOf, theEvent } from "../setup.js";

// Chatting and pausing, with the calls that move between them. Events not handled here bubble
// to the machine's root handlers (replies, failures, progress, connection).

/** Unsent-message commands, the same while chatting and while paused (retried ones go once active). */
const outboxCommands = machineSetup.createStateConfig({
  on: {
    RETRY: { actions: { type: "stampRetry", params: ({ event }) => (typeof event.clientMessageId === "string" ? event.clientMessageId : undefined) } },
    "outbox.retry": { actions: [{ type: "requeueFailed", params: theEvent }, "persistOutbox"] },
    DISCARD: { actions: [{ type: "discard", params: ({ event }) => event.clientMessageId }, "persistOutbox"] },
    CANCEL: "cancelling",
    START_NEW: "starting",
    REFRESH: "syncing",
    "delivery.jobFailed": {
      guard: { type: "isExpiredJob", params: theEvent },
      target: "syncing",
      actions: { type: "applyJobFailure", params: theEvent },
    },
    "page.visible": { guard: { type: "wasHiddenLong", params: ({ event }) => event.hiddenForMs }, target: "checking" },
  },
}).on;

export const activeState = machineSetup.createStateConfig({
  tags: ["can-send"],
  entry: ["watchSession", "trackAwaited"],
  initial: "ready",
  on: {
    // A restored actor does not re-enter its state: tell the new bridge what the entry did.
    "delivery.ready": { actions: ["watchSession", "trackAwaited"] },
    ...outboxCommands,
    SEND: [
      { guard: { type: "isSendable", params: theEvent }, actions: { type: "stampMessage", params: ({ event }) => event.text } },
      { actions: { type: "blockSend", params: ({ event }) => ({ text: event.text, reason: "not-active" as const }) } },
    ],
    "outbox.add": { actions: [{ type: "enqueue", params: theEvent }, "persistOutbox"] },
    PAUSE: "pausing",
    "delivery.sessionUpdated": {
      guard: { type: "isSessionNow", params: ({ event }) => ({ session: event.session, status: "PAUSED" as const }) },
      target: "paused",
      actions: { type: "loadUpdatedSession", params: ({ event }) => event.session },
    },
  },
  states: {
    ready: {
      always: { guard: "canSendNext", target: "sending" },
    },
    sending: {
      entry: "markSending",
      exit: "requeueInterrupted",
      invoke: {
        id: "sendMessage",
        src: "sendMessage",
        input: ({ context }) => {
          const head = context.outbox[0]!;
          return { sessionId: context.session!.id, content: head.content, clientMessageId: head.clientMessageId! };
        },
        onDone: { target: "ready", actions: [{ type: "accept", params: ({ event }) => event.output }, "trackAwaited", "persistOutbox"] },
        onError: [
          {
            guard: { type: "isExpired", params: theEvent },
            target: "#coachingSession.expired",
            // Back in line, unsent: a new session offers it to be sent there (see `loadStarted`).
            actions: ["requeueSending", { type: "assignError", params: theEvent }],
          },
          // Marked failed (not re-queued) so an inconsistent server cannot make us loop.
          {
            guard: { type: "isNotActiveOnServer", params: theEvent },
            target: "#coachingSession.syncing",
            actions: [{ type: "failSending", params: theEvent }, "persistOutbox"],
          },
          // The server asked for a wait longer than the client sits through silently: wait here,
          // where `retryingAt` shows it and the user's next action can cut it short.
          {
            guard: { type: "isRetryLater", params: theEvent },
            target: "waiting",
            actions: [
              "requeueSending",
              { type: "assignError", params: theEvent },
              { type: "scheduleRetry", params: ({ event }) => retryAfterOf(event.error) },
            ],
          },
          { target: "ready", actions: [{ type: "failSending", params: theEvent }, "persistOutbox"] },
        ],
      },
    },
    waiting: {
      exit: ["cancelRetry", { type: "setRetryingAt", params: null }],
      on: {
        "retry.due": [{ guard: "canSendNext", target: "sending" }, { target: "ready" }],
        RETRY: [{ guard: "canSendNext", target: "sending" }, { target: "ready" }],
        DISCARD: { target: "ready", actions: [{ type: "discard", params: ({ event }) => event.clientMessageId }, "persistOutbox"] },
      },
    },
  },
});

export const pausingState = machineSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "pauseSession",
    src: "pauseSession",
    input: ({ context }) => ({ sessionId: context.session!.id }),
    onDone: { target: "paused", actions: { type: "loadSession", params: ({ event }) => event.output.session } },
    onError: [
      { guard: { type: "isExpired", params: theEvent }, target: "expired", actions: { type: "assignError", params: theEvent } },
      // e.g. a retried pause whose first attempt did land: read where the session really is.
      { guard: { type: "isNotActiveOnServer", params: theEvent }, target: "syncing" },
      { target: "active", actions: { type: "assignError", params: theEvent } },
    ],
  },
});

export const pausedState = machineSetup.createStateConfig({
  entry: ["watchSession", "trackAwaited"],
  on: {
    // A restored actor does not re-enter its state: tell the new bridge what the entry did.
    "delivery.ready": { actions: ["watchSession", "trackAwaited"] },
    ...outboxCommands,
    SEND: { actions: { type: "blockSend", params: ({ event }) => ({ text: event.text, reason: "paused" as const }) } },
    RESUME: "resuming",
    "delivery.sessionUpdated": {
      guard: { type: "isSessionNow", params: ({ event }) => ({ session: event.session, status: "ACTIVE" as const }) },
      target: "active",
      actions: { type: "loadUpdatedSession", params: ({ event }) => event.session },
    },
  },
});

export const cancellingState = machineSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "cancelSession",
    src: "cancelSession",
    input: ({ context }) => ({ sessionId: context.session!.id }),
    onDone: { target: "cancelled", actions: { type: "loadSession", params: ({ event }) => event.output.session } },
    onError: [
      { guard: { type: "isExpired", params: theEvent }, target: "expired", actions: { type: "assignError", params: theEvent } },
      { target: "syncing", actions: { type: "assignError", params: theEvent } },
    ],
  },
});

export const syncingState = machineSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "getSession",
    src: "getSession",
    input: ({ context }) => ({ sessionId: context.session!.id }),
    onDone: [
      { guard: { type: "isStatus", params: ({ event }) => ({ status: event.output.session.status, is: "ACTIVE" }) }, target: "active", actions: { type: "loadSession", params: ({ event }) => event.output.session } },
      { guard: { type: "isStatus", params: ({ event }) => ({ status: event.output.session.status, is: "PAUSED" }) }, target: "paused", actions: { type: "loadSession", params: ({ event }) => event.output.session } },
      { guard: { type: "isStatus", params: ({ event }) => ({ status: event.output.session.status, is: "COMPLETED" }) }, target: "completed", actions: { type: "loadSession", params: ({ event }) => event.output.session } },
      { guard: { type: "isStatus", params: ({ event }) => ({ status: event.output.session.status, is: "CANCELLED" }) }, target: "cancelled", actions: { type: "loadSession", params: ({ event }) => event.output.session } },
      { target: "abandoned", actions: { type: "loadSession", params: ({ event }) => event.output.session } },
    ],
    onError: [
      { guard: { type: "isExpired", params: theEvent }, target: "expired", actions: { type: "assignError", params: theEvent } },
      { target: "failed", actions: { type: "assignError", params: theEvent } },
    ],
  },
});

import { assign, sendTo, setup, type DoneActorEvent, type ErrorActorEvent } from "xstate";
import type { CurrentSessionResponse, SendMessageResponse, SessionResponse, StartSessionResponse } from "../contract/responses.js";
import type { Session } from "../contract/session.js";
import type { DeliveryEvent } from "../delivery/types.js";
import { isCoachingError, type CoachingError } from "../errors/coaching-error.js";
import { CoachingError as BaseError } from "../errors/coaching-error.js";
import { SendBlockedError } from "../errors/send-blocked-error.js";
import {
  cancelSession,
  checkCurrentSession,
  deliveryBridge,
  getSession,
  pauseSession,
  resumeSession,
  sendMessage,
  startSession,
  type DeliveryMachineEvent,
} from "./actors.js";
import {
  acceptMessage,
  applyJobFailure,
  applyReply,
  discardMessage,
  enqueueMessage,
  failMessage,
  loadSession,
  requeueFailed,
} from "./context-updates.js";
import * as is from "./guards.js";
import type { CoachingSessionInput, SessionServices, SessionSettings } from "./services.js";
import { nextQueued, unsentMessages } from "./transcript.js";
import type { CoachingSessionContext, CoachingSessionEvent } from "./types.js";

/** The machine's context: the public fields plus the services and settings it runs with. */
export interface CoachingSessionMachineContext extends CoachingSessionContext {
  services: SessionServices;
  settings: SessionSettings;
}

type Ctx = CoachingSessionMachineContext;
type DeliveryEventOf = Extract<DeliveryMachineEvent, { type: "delivery.event" }>;

const deliveryOf = (event: unknown): DeliveryEvent => (event as DeliveryEventOf).event;
const rawError = (event: unknown): unknown => (event as ErrorActorEvent).error;
const errorOf = (event: unknown): CoachingError => {
  const error = rawError(event);
  // Every API call throws CoachingErrors; anything else is a bug we still surface typed.
  return isCoachingError(error) ? error : new BaseError("NETWORK_ERROR", describeError(error), { cause: error, operation: "machine" });
};
/** A message for anything thrown; `String()` itself throws on null-prototype objects. */
function describeError(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error);
  } catch {
    return "unknown error";
  }
}
const outputOf = <T>(event: unknown) => (event as DoneActorEvent<T>).output;
const now = (context: Ctx) => context.services.client.options.timers.now();

/**
 * The coaching session lifecycle: check, choose (resume or start new), chat, pause, finish.
 * Create a running instance with `createCoachingSession(client)`.
 */
export const coachingSessionMachine = setup({
  types: {} as {
    context: Ctx;
    events: CoachingSessionEvent | DeliveryMachineEvent;
    input: CoachingSessionInput;
    tags: "busy" | "blocked" | "can-send" | "finished";
    // Every child has a fixed id, which keeps the emitted declaration types concrete (no index
    // signature that consumers' type checkers reject).
    children: {
      delivery: "deliveryBridge";
      checkCurrentSession: "checkCurrentSession";
      startSession: "startSession";
      getSession: "getSession";
      resumeSession: "resumeSession";
      pauseSession: "pauseSession";
      cancelSession: "cancelSession";
      sendMessage: "sendMessage";
    };
  },
  actors: { checkCurrentSession, startSession, getSession, resumeSession, pauseSession, cancelSession, sendMessage, deliveryBridge },
  guards: {
    hasConflict: ({ event }) => outputOf<CurrentSessionResponse>(event).conflict !== null,
    hasNoSession: ({ event }) => outputOf<CurrentSessionResponse>(event).session === null,
    canAutoResume: ({ context, event }) => {
      const { session } = outputOf<CurrentSessionResponse>(event);
      return context.settings.autoResume && session?.status === "ACTIVE" && !is.isIdleSession(session.lastActivityAt, now(context), context.settings);
    },
    isResumable: ({ event }) => {
      const status = outputOf<CurrentSessionResponse>(event).session?.status;
      return status === "ACTIVE" || status === "PAUSED";
    },
    needsResumeCall: ({ context }) => context.status === "PAUSED",
    isSendable: ({ context, event }) => {
      const text = (event as { text?: unknown }).text;
      return typeof text === "string" && text.trim() !== "" && text.length <= context.settings.maxMessageLength;
    },
    canSendNext: ({ context }) => is.canSendNext(context),
    isExpired: ({ event }) => is.isErrorCode(rawError(event), "SESSION_EXPIRED"),
    isConflict: ({ event }) => is.isErrorCode(rawError(event), "TENANT_CONFLICT"),
    isNotActiveOnServer: ({ event }) =>
      is.isServerCode(rawError(event), "SESSION_NOT_ACTIVE") || is.isServerCode(rawError(event), "INVALID_TRANSITION"),
    sessionIs: ({ event }, status: Session["status"]) => outputOf<SessionResponse>(event).session.status === status,
    isReply: ({ context, event }) => is.isReplyEvent(context, deliveryOf(event)),
    isFinalReply: ({ context, event }) => is.isFinalReplyEvent(context, deliveryOf(event)),
    isJobFailure: ({ context, event }) => is.isJobFailureEvent(context, deliveryOf(event), false),
    isExpiredJob: ({ context, event }) => is.isJobFailureEvent(context, deliveryOf(event), true),
    isSessionNow: ({ context, event }, status: Session["status"]) => is.isSessionStatusEvent(context, deliveryOf(event), status),
    isSessionUpdate: ({ context, event }) => deliveryOf(event).type === "session.updated" && is.isForCurrentSession(context, deliveryOf(event)),
    isConnection: ({ event }) => deliveryOf(event).type === "connection",
    isDeliveryError: ({ event }) => deliveryOf(event).type === "error",
    wasHiddenLong: ({ context }) => context.hiddenAt !== null && now(context) - context.hiddenAt > context.settings.idleAfterMs,
  },
  actions: {
    loadCurrent: assign(({ context, event }) => {
      const { session } = outputOf<CurrentSessionResponse>(event);
      if (!session) return { conflict: null, error: null };
      const isIdle = session.status === "ACTIVE" && is.isIdleSession(session.lastActivityAt, now(context), context.settings);
      return { ...loadSession(context, session, context.services), conflict: null, error: null, isIdle };
    }),
    assignConflict: assign(({ event }) => ({ conflict: outputOf<CurrentSessionResponse>(event).conflict, error: null })),
    assignConflictError: assign(({ event }) => {
      const error = errorOf(event) as CoachingError & { conflict?: CurrentSessionResponse["conflict"] };
      return { conflict: error.conflict ?? null, error };
    }),
    // The replaced session's unsent messages can never go out now.
    dropReplacedOutbox: ({ context, event }) => {
      const { session } = outputOf<StartSessionResponse>(event);
      if (context.session && context.session.id !== session.id) context.services.outbox.save(context.session.id, []);
    },
    loadStarted: assign(({ context, event }) => {
      const { session } = outputOf<StartSessionResponse>(event);
      const fresh = { ...context, session: null, messages: [], pendingJobs: {}, result: null };
      return { ...loadSession(fresh, session, context.services), isIdle: false, error: null, conflict: null };
    }),
    loadSession: assign(({ context, event }) => ({
      ...loadSession(context, outputOf<SessionResponse>(event).session, context.services),
      isIdle: false,
      error: null,
    })),
    loadUpdatedSession: assign(({ context, event }) => {
      const update = deliveryOf(event);
      return update.type === "session.updated" ? loadSession(context, update.session, context.services) : {};
    }),
    assignError: assign({ error: ({ event }) => errorOf(event) }),
    assignDeliveryError: assign(({ event }) => {
      const update = deliveryOf(event);
      return update.type === "error" ? { error: update.error } : {};
    }),
    blockSend: assign(({ context, event }) => {
      const text = (event as { text?: unknown }).text;
      if (typeof text !== "string" || text.trim() === "") return { error: new SendBlockedError("empty") };
      if (text.length > context.settings.maxMessageLength) return { error: new SendBlockedError("too-large") };
      return { error: new SendBlockedError("not-active") };
    }),
    blockSendPaused: assign({ error: () => new SendBlockedError("paused") }),
    enqueue: assign(({ context, event }) =>
      enqueueMessage(context, (event as { text: string }).text, context.services.newClientMessageId(), now(context)),
    ),
    markSending: assign(({ context }) => {
      const head = nextQueued(context.messages);
      return { messages: context.messages.map((m) => (m === head ? { ...m, delivery: "sending" as const } : m)) };
    }),
    requeueSending: assign(({ context }) => ({
      messages: context.messages.map((m) => (m.delivery === "sending" ? { ...m, delivery: "queued" as const } : m)),
    })),
    accept: assign(({ context, event }) => acceptMessage(context, outputOf<SendMessageResponse & { clientMessageId: string }>(event))),
    track: sendTo("delivery", ({ context, event }) => {
      const accepted = outputOf<SendMessageResponse & { clientMessageId: string }>(event);
      return { type: "track" as const, job: { jobId: accepted.jobId, sessionId: context.session!.id, clientMessageId: accepted.clientMessageId } };
    }),
    // Runs after `sending`'s exit put the message back in the queue, where it is the head again.
    failSending: assign(({ context, event }) => {
      const head = nextQueued(context.messages);
      return head ? failMessage(context, head.clientMessageId!, errorOf(event)) : { error: errorOf(event) };
    }),
    applyReply: assign(({ context, event }) => {
      const update = deliveryOf(event);
      return update.type === "job.completed" ? applyReply(context, update.job.jobId, update.result) : {};
    }),
    applyJobFailure: assign(({ context, event }) => {
      const update = deliveryOf(event);
      return update.type === "job.failed" ? applyJobFailure(context, update.job.jobId, update.error) : {};
    }),
    requeueFailed: assign(({ context, event }) =>
      requeueFailed(context, (event as { clientMessageId?: string }).clientMessageId, context.services.newClientMessageId),
    ),
    discard: assign(({ context, event }) => discardMessage(context, (event as { clientMessageId: string }).clientMessageId)),
    assignConnection: assign(({ event }) => {
      const update = deliveryOf(event);
      return update.type === "connection" ? { connection: update.connection } : {};
    }),
    // A final state stops the delivery bridge, and with it the socket: say so in the UI state.
    markConnectionClosed: assign({ connection: ({ context }) => ({ status: "closed" as const, reason: "session-ended", since: now(context) }) }),
    markHidden: assign({ hiddenAt: ({ context }) => now(context) }),
    markVisible: assign({ hiddenAt: null }),
    persistOutbox: ({ context }) => {
      if (context.session) context.services.outbox.save(context.session.id, unsentMessages(context.messages));
    },
    watchSession: sendTo("delivery", ({ context }) => ({ type: "watch" as const, sessionId: context.session?.id ?? null })),
  },
}).createMachine({
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
    checking: {
      tags: ["busy"],
      invoke: {
        id: "checkCurrentSession",
        src: "checkCurrentSession",
        input: ({ context }) => ({ services: context.services }),
        onDone: [
          { guard: "hasConflict", target: "conflict", actions: "assignConflict" },
          { guard: "hasNoSession", target: "starting", actions: "loadCurrent" },
          { guard: "canAutoResume", target: "active", actions: "loadCurrent" },
          { guard: "isResumable", target: "choosing", actions: "loadCurrent" },
          { target: "starting", actions: "loadCurrent" },
        ],
        onError: { target: "failed", actions: "assignError" },
      },
    },
    conflict: {
      tags: ["blocked"],
      on: { RETRY: "checking" },
    },
    choosing: {
      entry: "watchSession",
      on: {
        RESUME: [{ guard: "needsResumeCall", target: "resuming" }, { target: "syncing" }],
        START_NEW: "starting",
      },
    },
    starting: {
      tags: ["busy"],
      // The session being replaced becomes ABANDONED by this very call; its update is no news.
      on: { "delivery.event": { guard: "isSessionUpdate" } },
      invoke: {
        id: "startSession",
        src: "startSession",
        input: ({ context }) => ({
          services: context.services,
          replaceSessionId:
            context.session && (context.status === "ACTIVE" || context.status === "PAUSED") ? context.session.id : undefined,
        }),
        onDone: { target: "active", actions: ["dropReplacedOutbox", "loadStarted"] },
        onError: [
          { guard: "isConflict", target: "conflict", actions: "assignConflictError" },
          { target: "failed", actions: "assignError" },
        ],
      },
    },
    resuming: {
      tags: ["busy"],
      invoke: {
        id: "resumeSession",
        src: "resumeSession",
        input: ({ context }) => ({ services: context.services, sessionId: context.session!.id }),
        onDone: { target: "active", actions: "loadSession" },
        onError: [
          { guard: "isExpired", target: "expired", actions: "assignError" },
          { guard: "isNotActiveOnServer", target: "syncing" },
          { target: "choosing", actions: "assignError" },
        ],
      },
    },
    syncing: {
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
    },
    active: {
      tags: ["can-send"],
      entry: ["watchSession", "persistOutbox"],
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
    },
    pausing: {
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
    },
    paused: {
      entry: "watchSession",
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
    },
    cancelling: {
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
    },
    completed: { type: "final", tags: ["finished"], entry: "markConnectionClosed" },
    cancelled: { type: "final", tags: ["finished"], entry: "markConnectionClosed" },
    abandoned: {
      tags: ["finished"],
      on: { RESUME: "checking", START_NEW: "starting" },
    },
    expired: {
      tags: ["finished"],
      on: { START_NEW: "starting", RETRY: "checking" },
    },
    failed: {
      on: { RETRY: "checking", START_NEW: "starting" },
    },
  },
});

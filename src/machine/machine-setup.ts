import { setup } from "xstate";
import type { CurrentSessionResponse, SessionResponse } from "../contract/responses.js";
import type { Session } from "../contract/session.js";
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
import { deliveryOf, nowOf as now, outputOf, rawError } from "./event-readers.js";
import * as is from "./guards.js";
import type { CoachingSessionInput, SessionServices, SessionSettings } from "./services.js";
import type { CoachingSessionContext, CoachingSessionEvent } from "./types.js";

/** The machine's context: the public fields plus the services and settings it runs with. */
export interface CoachingSessionMachineContext extends CoachingSessionContext {
  services: SessionServices;
  settings: SessionSettings;
}

type Ctx = CoachingSessionMachineContext;

/** The machine's types, actors and guards; `machine-actions.ts` adds the actions. */
export const baseSetup = setup({
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
});

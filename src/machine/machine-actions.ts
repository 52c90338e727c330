import type { CurrentSessionResponse, SendMessageResponse, SessionResponse, StartSessionResponse } from "../contract/responses.js";
import type { CoachingError } from "../errors/coaching-error.js";
import { SendBlockedError } from "../errors/send-blocked-error.js";
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
import { deliveryOf, errorOf, nowOf as now, outputOf } from "./event-readers.js";
import * as is from "./guards.js";
import { baseSetup } from "./machine-setup.js";
import { nextQueued, unsentMessages } from "./transcript.js";

/** Everything the machine does to its context and to the delivery actor, by name. */
export const sessionSetup = baseSetup.extend({
  actions: {
    loadCurrent: baseSetup.assign(({ context, event }) => {
      const { session } = outputOf<CurrentSessionResponse>(event);
      if (!session) return { conflict: null, error: null };
      const isIdle = session.status === "ACTIVE" && is.isIdleSession(session.lastActivityAt, now(context), context.settings);
      return { ...loadSession(context, session, context.services), conflict: null, error: null, isIdle };
    }),
    assignConflict: baseSetup.assign(({ event }) => ({ conflict: outputOf<CurrentSessionResponse>(event).conflict, error: null })),
    assignConflictError: baseSetup.assign(({ event }) => {
      const error = errorOf(event) as CoachingError & { conflict?: CurrentSessionResponse["conflict"] };
      return { conflict: error.conflict ?? null, error };
    }),
    // The replaced session's unsent messages can never go out now.
    dropReplacedOutbox: ({ context, event }) => {
      const { session } = outputOf<StartSessionResponse>(event);
      if (context.session && context.session.id !== session.id) context.services.outbox.save(context.session.id, []);
    },
    loadStarted: baseSetup.assign(({ context, event }) => {
      const { session } = outputOf<StartSessionResponse>(event);
      const fresh = { ...context, session: null, messages: [], pendingJobs: {}, result: null };
      return { ...loadSession(fresh, session, context.services), isIdle: false, error: null, conflict: null };
    }),
    loadSession: baseSetup.assign(({ context, event }) => ({
      ...loadSession(context, outputOf<SessionResponse>(event).session, context.services),
      isIdle: false,
      error: null,
    })),
    loadUpdatedSession: baseSetup.assign(({ context, event }) => {
      const update = deliveryOf(event);
      return update.type === "session.updated" ? loadSession(context, update.session, context.services) : {};
    }),
    assignError: baseSetup.assign({ error: ({ event }) => errorOf(event) }),
    assignDeliveryError: baseSetup.assign(({ event }) => {
      const update = deliveryOf(event);
      return update.type === "error" ? { error: update.error } : {};
    }),
    blockSend: baseSetup.assign(({ context, event }) => {
      const text = (event as { text?: unknown }).text;
      if (typeof text !== "string" || text.trim() === "") return { error: new SendBlockedError("empty") };
      if (text.length > context.settings.maxMessageLength) return { error: new SendBlockedError("too-large") };
      return { error: new SendBlockedError("not-active") };
    }),
    blockSendPaused: baseSetup.assign({ error: () => new SendBlockedError("paused") }),
    enqueue: baseSetup.assign(({ context, event }) =>
      enqueueMessage(context, (event as { text: string }).text, context.services.newClientMessageId(), now(context)),
    ),
    markSending: baseSetup.assign(({ context }) => {
      const head = nextQueued(context.messages);
      return { messages: context.messages.map((m) => (m === head ? { ...m, delivery: "sending" as const } : m)) };
    }),
    requeueSending: baseSetup.assign(({ context }) => ({
      messages: context.messages.map((m) => (m.delivery === "sending" ? { ...m, delivery: "queued" as const } : m)),
    })),
    accept: baseSetup.assign(({ context, event }) => acceptMessage(context, outputOf<SendMessageResponse & { clientMessageId: string }>(event))),
    track: baseSetup.sendTo("delivery", ({ context, event }) => {
      const accepted = outputOf<SendMessageResponse & { clientMessageId: string }>(event);
      return { type: "track" as const, jobs: [{ jobId: accepted.jobId, sessionId: context.session!.id, clientMessageId: accepted.clientMessageId }] };
    }),
    // Runs after `sending`'s exit put the message back in the queue, where it is the head again.
    failSending: baseSetup.assign(({ context, event }) => {
      const head = nextQueued(context.messages);
      return head ? failMessage(context, head.clientMessageId!, errorOf(event)) : { error: errorOf(event) };
    }),
    applyReply: baseSetup.assign(({ context, event }) => {
      const update = deliveryOf(event);
      return update.type === "job.completed" ? applyReply(context, update.job.jobId, update.result) : {};
    }),
    applyJobFailure: baseSetup.assign(({ context, event }) => {
      const update = deliveryOf(event);
      return update.type === "job.failed" ? applyJobFailure(context, update.job.jobId, update.error) : {};
    }),
    requeueFailed: baseSetup.assign(({ context, event }) =>
      requeueFailed(context, (event as { clientMessageId?: string }).clientMessageId, context.services.newClientMessageId),
    ),
    discard: baseSetup.assign(({ context, event }) => discardMessage(context, (event as { clientMessageId: string }).clientMessageId)),
    assignConnection: baseSetup.assign(({ event }) => {
      const update = deliveryOf(event);
      return update.type === "connection" ? { connection: update.connection } : {};
    }),
    // A final state stops the delivery bridge, and with it the socket: say so in the UI state.
    markConnectionClosed: baseSetup.assign({ connection: ({ context }) => ({ status: "closed" as const, reason: "session-ended", since: now(context) }) }),
    markHidden: baseSetup.assign({ hiddenAt: ({ context }) => now(context) }),
    markVisible: baseSetup.assign({ hiddenAt: null }),
    persistOutbox: ({ context }) => {
      if (context.session) context.services.outbox.save(context.session.id, unsentMessages(context.messages));
    },
    watchSession: baseSetup.sendTo("delivery", ({ context }) => ({ type: "watch" as const, sessionId: context.session?.id ?? null })),
    // Jobs the transcript shows as awaited (e.g. sent just before a reload); tracking is idempotent.
    trackPending: baseSetup.sendTo("delivery", ({ context }) => ({
      type: "track" as const,
      jobs: Object.entries(context.pendingJobs).map(([jobId, clientMessageId]) => ({
        jobId,
        sessionId: context.session!.id,
        ...(clientMessageId ? { clientMessageId } : {}),
      })),
    })),
  },
});

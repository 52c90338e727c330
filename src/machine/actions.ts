import { assign, cancel, enqueueActions, raise, sendTo } from "xstate";
import type { Conflict } from "../contract/conflict.js";
import type { JobResult } from "../contract/job.js";
import type { Session } from "../contract/session.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { ConnectionState, TrackedJob } from "../delivery/types.js";
import { SendBlockedError, type SendBlockedReason } from "../errors/send-blocked-error.js";
import { createUuid } from "../shared/uuid.js";
import * as talk from "./conversation.js";
import type { AcceptedMessage, CheckedSession, MachineEvent } from "./events.js";
import { DEFAULT_SETTINGS, errorOf, isIdleAt, sessionSetup, type Failure } from "./setup.js";
import type { ChatMessage, CoachingSessionContext } from "./types.js";

type Update = Partial<CoachingSessionContext>;

/**
 * Loads a session read from the server. The same session keeps what this client knows that the
 * read may not (see `mergeRead`); another one starts from its own transcript. A read without a
 * transcript (pause, cancel, socket events) changes the session only.
 */
function loadSession(context: CoachingSessionContext, session: Session): Update {
  const { messages, ...info } = session;
  const same = context.session?.id === session.id;
  const base = same ? context : talk.noConversation();
  return { session: info, ...(messages ? talk.mergeRead(base, messages) : same ? {} : base) };
}

const fresh = { error: null, conflict: null, isIdle: false } satisfies Update;

type Ctx = CoachingSessionContext;

/**
 * The effects that stamp events with fresh ids and the time, so the assigns that handle those
 * events stay pure. The machine's defaults use `crypto.randomUUID` and `Date.now`;
 * `createCoachingSessionMachine` supplies the client's clock and the `newClientMessageId` option.
 */
export function stampActions(newId: () => string, now: () => number) {
  return {
    stampMessage: raise<Ctx, MachineEvent, MachineEvent, string>((_, text) => ({ type: "outbox.add", text, clientMessageId: newId(), createdAt: new Date(now()).toISOString() })),
    stampRetry: raise<Ctx, MachineEvent, MachineEvent, string | undefined>(({ context }, clientMessageId) => ({
      type: "outbox.retry",
      clientMessageId,
      freshIds: Array.from({ length: talk.newIdsForRetry(context, clientMessageId) }, newId),
    })),
    scheduleRetry: enqueueActions<Ctx, MachineEvent, number, MachineEvent, never, never, never, never, never>(({ enqueue }, afterMs) => {
      enqueue.raise({ type: "retry.scheduled", at: now() + afterMs });
      enqueue.raise({ type: "retry.due" }, { id: "retryDue", delay: afterMs });
    }),
  };
}

/** Everything the machine does to its context, by name (all pure), and the effects it names. */
const withActions = sessionSetup.extend({
  actions: {
    loadChecked: assign(({ context }, checked: CheckedSession) =>
      checked.session ? { ...loadSession(context, checked.session), ...fresh, isIdle: isIdleAt(checked, context.settings) } : fresh,
    ),
    loadSession: assign(({ context }, session: Session) => ({ ...loadSession(context, session), ...fresh })),
    // Messages not sent when a new session starts are kept, as failed, for the user to send in the
    // new conversation (RETRY, under new ids) or to drop (DISCARD): never sent unasked, never lost.
    loadStarted: assign(({ context }, session: Session) => {
      const { messages, ...info } = session;
      const replaced = new SendBlockedError("replaced");
      const outbox = context.outbox.map((m): ChatMessage => ({ ...m, delivery: "failed", error: replaced }));
      const started = messages ? talk.mergeRead(talk.noConversation(), messages) : talk.noConversation();
      return { session: info, ...talk.conversation(started, { outbox }), ...fresh, retryingAt: null };
    }),
    loadUpdatedSession: assign(({ context }, session: Session) => loadSession(context, session)),
    forgetSession: assign(() => ({ session: null, ...talk.noConversation(), ...fresh })),
    assignConflict: assign((_, conflict: Conflict | null) => ({ conflict, error: null })),
    assignConflictError: assign((_, { error }: Failure) => ({ conflict: (error as { conflict?: Conflict | null }).conflict ?? null, error: errorOf(error) })),
    assignError: assign((_, { error }: Failure) => ({ error: errorOf(error) })),
    blockSend: assign(({ context }, params: { text: unknown; reason: SendBlockedReason }) => {
      const { text } = params;
      const reason = typeof text !== "string" || text.trim() === "" ? "empty" : text.length > context.settings.maxMessageLength ? "too-large" : params.reason;
      return { error: new SendBlockedError(reason) };
    }),
    enqueue: assign(({ context }, message: { text: string; clientMessageId: string; createdAt: string }) => ({ ...talk.enqueue(context, message), error: null })),
    markSending: assign(({ context }) => talk.markSending(context)),
    // Leaving `sending` for any reason but the call's own answer (pause, start new...) puts the message back in line.
    requeueInterrupted: assign(({ context, event }) =>
      event.type.startsWith("xstate.done.actor.") || event.type.startsWith("xstate.error.actor.") ? {} : talk.settleSending(context),
    ),
    requeueSending: assign(({ context }) => talk.settleSending(context)),
    failSending: assign(({ context }, { error }: Failure) => ({ ...talk.settleSending(context, errorOf(error)), error: errorOf(error) })),
    accept: assign(({ context }, accepted: AcceptedMessage) => ({ ...talk.accept(context, accepted), error: null })),
    applyReply: assign(({ context }, { job, result }: { job: TrackedJob; result: JobResult }) => talk.applyReply(context, job, result)),
    // A final reply ends the session: its status and result change together, in `session`.
    completeSession: assign(({ context }, result: JobResult) => ({
      session: context.session && { ...context.session, status: "COMPLETED" as const, result: result.result ?? context.session.result ?? null },
    })),
    // `errorOf`: a delivery of the app's own may report a failure without a proper error.
    applyJobFailure: assign(({ context }, event: { job: TrackedJob; error: unknown }) => {
      const error = errorOf(event.error);
      const cancelled = (error as { serverCode?: string }).serverCode === "CANCELLED";
      const update = talk.applyJobFailure(context, event.job, error, cancelled);
      return update ? { ...update, error: cancelled ? null : error } : {};
    }),
    applyProgress: assign(({ context }, { job, text }: { job: TrackedJob; text: string }) => talk.applyProgress(context, job, text) ?? {}),
    markStopping: assign(({ context }) => talk.markStopping(context)),
    // The stop was refused (a v1 backend: 404): the reply carries on, and STOP may be asked again.
    stopFailed: assign(({ context }, { jobId, error }: { jobId: string; error: unknown }) => {
      const { awaiting } = context;
      return { ...(awaiting?.jobId === jobId ? talk.conversation(context, { awaiting: { ...awaiting, stopping: false } }) : {}), error: errorOf(error) };
    }),
    requeueFailed: assign(({ context }, params: { clientMessageId: string | undefined; freshIds: string[] }) => ({
      ...talk.requeueFailed(context, params.clientMessageId, params.freshIds),
      error: null,
    })),
    discard: assign(({ context }, clientMessageId: string) => talk.discard(context, clientMessageId)),
    restoreOutbox: assign(({ context }, messages: ChatMessage[]) => talk.restoreOutbox(context, messages)),
    setRetryingAt: assign((_, at: number | null) => ({ retryingAt: at })),
    assignConnection: assign((_, connection: ConnectionState) => ({ connection })),
    assignDeliveryError: assign((_, error: CoachingError) => ({ error })),

    // Effects with defaults; `createCoachingSessionMachine` supplies the injected ones.
    ...stampActions(createUuid, () => Date.now()),
    /** Keeps the outbox in storage so unsent messages survive a reload. */
    persistOutbox: () => {},
    /** Raises `outbox.restored` with the current session's unsent messages from storage. */
    readOutbox: () => {},
    /** Forgets a session's unsent messages in storage (it was replaced or ended). */
    forgetOutbox: (_, _sessionId: string | undefined) => {},
    warn: (_, _message: string) => {},
  },
});

/** ...and the commands to delivery, some of which run the actions above. */
export const machineSetup = withActions.extend({
  actions: {
    // Commands to delivery, which owns pending jobs and the socket.
    watchSession: sendTo("delivery", ({ context }) => ({ type: "watch" as const, sessionId: context.session?.id ?? null })),
    trackAwaited: enqueueActions(({ context, enqueue }) => {
      const { awaiting, session } = context;
      // Tracking is idempotent in delivery, so sending it again after a read is harmless.
      if (!awaiting || !session || awaiting.error) return;
      enqueue.sendTo("delivery", { type: "track", jobId: awaiting.jobId, sessionId: session.id, clientMessageId: awaiting.message.clientMessageId });
    }),
    /** The session was replaced or ended: no jobs of it are polled any more. */
    untrackSession: enqueueActions(({ enqueue }, sessionId: string | undefined) => {
      if (sessionId !== undefined) enqueue.sendTo("delivery", { type: "untrackSession", sessionId });
    }),
    unwatchSession: sendTo("delivery", { type: "watch" as const, sessionId: null }),
    stopReply: enqueueActions(({ context, enqueue }) => {
      if (context.awaiting) enqueue.sendTo("delivery", { type: "stop", jobId: context.awaiting.jobId });
    }),
    cancelRetry: cancel("retryDue"),

  },
});

/** The context before any session is known. */
export function initialContext(settings = DEFAULT_SETTINGS): CoachingSessionContext {
  return {
    session: null,
    ...talk.noConversation(),
    conflict: null,
    error: null,
    connection: { status: "idle", reason: "not-started", since: 0 },
    isIdle: false,
    retryingAt: null,
    settings,
  };
}

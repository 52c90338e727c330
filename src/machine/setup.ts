import { fromCallback, fromPromise, setup } from "xstate";
import type { JobResult } from "../contract/job.js";
import { isSessionStatus, type Session, type SessionStatus } from "../contract/session.js";
import { CoachingError, isCoachingError } from "../errors/coaching-error.js";
import type { AcceptedMessage, CheckedSession, DeliveryCommand, DeliveryMachineEvent, SessionResponse, StampedEvent, StartSessionResponse } from "./events.js";
import { canSendNext, canStop } from "./conversation.js";
import type { CoachingSessionContext, CoachingSessionEvent, SessionSettings } from "./types.js";

/** What `createActor(machine, { input })` takes; every setting has a default. */
export interface CoachingSessionInput {
  settings?: Partial<SessionSettings>;
}

export const DEFAULT_SETTINGS: SessionSettings = { idleAfterMs: 30 * 60_000, maxMessageLength: 4_000, autoResume: false };

/** The settings with a default for each one not given (an `undefined` value counts as not given). */
export function settingsOf(input: CoachingSessionInput | undefined): SessionSettings {
  const given = input?.settings ?? {};
  return {
    idleAfterMs: given.idleAfterMs ?? DEFAULT_SETTINGS.idleAfterMs,
    maxMessageLength: given.maxMessageLength ?? DEFAULT_SETTINGS.maxMessageLength,
    autoResume: given.autoResume ?? DEFAULT_SETTINGS.autoResume,
  };
}

/**
 * The machine declares its effects; `createCoachingSessionMachine(client)` supplies the real ones
 * with `machine.provide()`. Run without them, each call fails with this error (and the machine
 * lands in `failed`), instead of reaching for a client it was never given.
 */
const notProvided = <TOutput, TInput>(name: string) =>
  fromPromise<TOutput, TInput>(() =>
    Promise.reject(new CoachingError("VALIDATION_ERROR", `coachingSessionMachine: no "${name}" actor was provided; use createCoachingSessionMachine(client)`, { operation: "machine" })),
  );

type SessionCall = { sessionId: string };
/** A failed call's event (or anything carrying an error). */
export type Failure = { error: unknown };

/** The failure of an invoked call, always as a `CoachingError` (anything else is a bug, still surfaced typed). */
export function errorOf(error: unknown): CoachingError {
  if (isCoachingError(error)) return error;
  let message = "unknown error";
  try {
    message = String((error as Error)?.message ?? error);
  } catch {
    // `String()` itself throws on null-prototype objects.
  }
  return new CoachingError("NETWORK_ERROR", message, { cause: error, operation: "machine" });
}

const codeOf = (error: unknown) => (isCoachingError(error) ? error.code : undefined);
const serverCodeOf = (error: unknown) => (error as { serverCode?: unknown } | null)?.serverCode;

/** The machine's types, effects (declared) and guards; `actions.ts` adds the actions. */
export const sessionSetup = setup({
  types: {} as {
    context: CoachingSessionContext;
    events: CoachingSessionEvent | DeliveryMachineEvent | StampedEvent;
    input: CoachingSessionInput;
    tags: "busy" | "blocked" | "can-send" | "finished";
    // Every child has a fixed id, which keeps the emitted declaration types concrete (no index
    // signature that consumers' type checkers reject).
    children: {
      delivery: "delivery";
      checkCurrentSession: "checkCurrentSession";
      startSession: "startSession";
      getSession: "getSession";
      resumeSession: "resumeSession";
      pauseSession: "pauseSession";
      cancelSession: "cancelSession";
      sendMessage: "sendMessage";
    };
  },
  actors: {
    checkCurrentSession: notProvided<CheckedSession, undefined>("checkCurrentSession"),
    startSession: notProvided<StartSessionResponse, { replaceSessionId: string | undefined }>("startSession"),
    getSession: notProvided<SessionResponse, SessionCall>("getSession"),
    resumeSession: notProvided<SessionResponse, SessionCall>("resumeSession"),
    pauseSession: notProvided<SessionResponse, SessionCall>("pauseSession"),
    cancelSession: notProvided<SessionResponse, SessionCall>("cancelSession"),
    sendMessage: notProvided<AcceptedMessage, SessionCall & { content: string; clientMessageId: string }>("sendMessage"),
    /** Job delivery and page visibility, bridged into events; a no-op until provided. */
    delivery: fromCallback<DeliveryCommand>(() => {}),
  },
  guards: {
    hasConflict: (_, output: CheckedSession) => output.conflict !== null,
    hasNoSession: (_, output: CheckedSession) => output.session === null,
    isResumable: (_, status: SessionStatus | undefined) => status === "ACTIVE" || status === "PAUSED",
    canAutoResume: ({ context }, output: CheckedSession) =>
      context.settings.autoResume && output.session?.status === "ACTIVE" && !isIdleAt(output, context.settings),
    isPaused: ({ context }) => context.session?.status === "PAUSED",
    isSendable: ({ context }, { text }: { text: unknown }) => typeof text === "string" && text.trim() !== "" && text.length <= context.settings.maxMessageLength,
    canSendNext: ({ context }) => canSendNext(context),
    isStatus: (_, params: { status: string; is: SessionStatus }) => params.status === params.is,
    // Failure guards take the error event itself: its `error` is `unknown`, as anything can be thrown.
    isExpired: (_, { error }: Failure) => codeOf(error) === "SESSION_EXPIRED",
    isConflict: (_, { error }: Failure) => codeOf(error) === "TENANT_CONFLICT",
    isNotActiveOnServer: (_, { error }: Failure) => serverCodeOf(error) === "SESSION_NOT_ACTIVE" || serverCodeOf(error) === "INVALID_TRANSITION",
    /** The server asked to come back later (`Retry-After`), no later than the client waits for. */
    isRetryLater: retryLaterWithin(60_000),
    isCurrentSession: ({ context }, sessionId: string) => context.session?.id === sessionId,
    /** Delivery reports every tracked job and the watched session; another session's are stale. */
    isOtherSession: ({ context }, sessionId: string) => context.session?.id !== sessionId,
    isSessionNow: (_, params: { session: Session; status: SessionStatus }) => params.session.status === params.status,
    isFinalReply: (_, result: JobResult) => result.isFinal && result.sessionStatus === "COMPLETED" && result.result !== undefined,
    endsSession: (_, result: JobResult) => result.isFinal || result.sessionStatus === "COMPLETED",
    hasUnknownStatus: (_, result: JobResult) => !isSessionStatus(result.sessionStatus),
    isExpiredJob: ({ context }, event: { job: { sessionId: string }; error: unknown }) =>
      context.session?.id === event.job.sessionId && codeOf(event.error) === "JOB_EXPIRED",
    canStop: ({ context }) => canStop(context),
    wasHiddenLong: ({ context }, hiddenForMs: number) => hiddenForMs > context.settings.idleAfterMs,
  },
});

/** Params of an action or guard that takes the whole event (typed by the transition it is in). */
export const theEvent = <T>({ event }: { event: T }): T => event;

/**
 * The guard for a failed call the server asked to retry later, within `maxWaitMs`: the client's
 * `retry.maxRetryAfterMs`, which `createCoachingSessionMachine` supplies (a longer wait fails).
 */
export function retryLaterWithin(maxWaitMs: number) {
  return (_: unknown, { error }: Failure) => isCoachingError(error) && error.retryable && retryAfterOf(error) > 0 && retryAfterOf(error) <= maxWaitMs;
}

/** How long the server asked to wait before the next attempt (`Retry-After`), in ms, or 0. */
export const retryAfterOf = (error: unknown): number => (error as { retryAfterMs?: number | null } | null)?.retryAfterMs ?? 0;

/** An ACTIVE session untouched for longer than `idleAfterMs` is offered as paused. */
export function isIdleAt(checked: CheckedSession, settings: SessionSettings): boolean {
  const last = checked.session ? Date.parse(checked.session.lastActivityAt) : NaN;
  return checked.session?.status === "ACTIVE" && Number.isFinite(last) && checked.checkedAt - last > settings.idleAfterMs;
}

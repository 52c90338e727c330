import { useMemo } from "react";
import type { CoachingClient } from "../api/create-coaching-client.js";
import type { CoachingSessionActor, CoachingSessionOptions } from "../machine/create-coaching-session.js";
import {
  selectCanSend,
  selectCanStop,
  selectIsAwaitingReply,
  selectIsBlocked,
  selectIsBusy,
  selectIsFinished,
  selectPartialReply,
  selectReplyStatus,
  selectResult,
  selectStatus,
  selectView,
  type CoachingSessionSnapshot,
  type CoachingSessionView,
  type ReplyStatus,
} from "../machine/selectors.js";
import type { CoachingSessionContext } from "../machine/types.js";
import { useActorSelector } from "./use-actor-selector.js";
import { useSessionActor } from "./use-session-actor.js";

/** Commands bound to one session actor; stable across renders. */
export interface CoachingSessionCommands {
  send(text: string): void;
  resume(): void;
  startNew(): void;
  pause(): void;
  cancel(): void;
  /** Retries one failed message (by client id), or every failed message / the failed step when called without one. */
  retry(clientMessageId?: string): void;
  discard(clientMessageId: string): void;
  refresh(): void;
  /** Asks the server to stop the reply being written; a no-op when none is awaited. */
  stop(): void;
}

/** What a component sees: one word per concern (`view`, `replyStatus`, `connection.status`), the data, the commands. */
export interface UseCoachingSessionResult
  extends CoachingSessionCommands,
    Pick<CoachingSessionContext, "session" | "messages" | "conflict" | "error" | "connection" | "isIdle" | "retryingAt"> {
  /** The screen to show. */
  view: CoachingSessionView;
  /** Where the next reply stands. */
  replyStatus: ReplyStatus;
  /** The reply's text so far while it streams, else null (it is also the last of `messages`). */
  partialReply: string | null;
  /** `session.status`, or null before there is a session. */
  status: ReturnType<typeof selectStatus>;
  /** `session.result`: the extracted results once the conversation is final. */
  result: ReturnType<typeof selectResult>;
  canSend: boolean;
  canStop: boolean;
  isBusy: boolean;
  isBlocked: boolean;
  isFinished: boolean;
  isAwaitingReply: boolean;
  snapshot: CoachingSessionSnapshot;
  actorRef: CoachingSessionActor;
}

export function bindCommands(actorRef: CoachingSessionActor): CoachingSessionCommands {
  return {
    send: (text) => actorRef.send({ type: "SEND", text }),
    resume: () => actorRef.send({ type: "RESUME" }),
    startNew: () => actorRef.send({ type: "START_NEW" }),
    pause: () => actorRef.send({ type: "PAUSE" }),
    cancel: () => actorRef.send({ type: "CANCEL" }),
    // `onClick={retry}` passes a click event: only a string names one message.
    retry: (clientMessageId) =>
      actorRef.send(typeof clientMessageId === "string" ? { type: "RETRY", clientMessageId } : { type: "RETRY" }),
    discard: (clientMessageId) => actorRef.send({ type: "DISCARD", clientMessageId }),
    refresh: () => actorRef.send({ type: "REFRESH" }),
    stop: () => actorRef.send({ type: "STOP" }),
  };
}

/** The hook's view of one snapshot. */
function viewOf(snapshot: CoachingSessionSnapshot) {
  const { session, messages, conflict, error, connection, isIdle, retryingAt } = snapshot.context;
  return {
    session,
    messages,
    conflict,
    error,
    connection,
    isIdle,
    retryingAt,
    view: selectView(snapshot),
    replyStatus: selectReplyStatus(snapshot),
    partialReply: selectPartialReply(snapshot),
    status: selectStatus(snapshot),
    result: selectResult(snapshot),
    canSend: selectCanSend(snapshot),
    canStop: selectCanStop(snapshot),
    isBusy: selectIsBusy(snapshot),
    isBlocked: selectIsBlocked(snapshot),
    isFinished: selectIsFinished(snapshot),
    isAwaitingReply: selectIsAwaitingReply(snapshot),
    snapshot,
  };
}

/**
 * Everything about a session actor you created and started yourself, re-rendering on every change.
 *
 * @example
 * const actor = useMemo(() => createCoachingSession(client).start(), []);
 * const coach = useCoachingSessionActor(actor);
 */
export function useCoachingSessionActor(actorRef: CoachingSessionActor): UseCoachingSessionResult {
  const view = useActorSelector(actorRef, viewOf, (a, b) => a.snapshot === b.snapshot);
  const commands = useMemo(() => bindCommands(actorRef), [actorRef]);
  return useMemo(() => ({ ...view, ...commands, actorRef }), [view, commands, actorRef]);
}

/**
 * Runs a coaching session for this component: checks the user's session after mount, then
 * exposes the screen, the transcript, the reply's progress and the commands.
 *
 * @example
 * const client = createCoachingClient({ baseUrl, socketUrl, getToken });
 * function Coach() {
 *   const coach = useCoachingSession(client);
 *   if (coach.view === "choosing") return <button onClick={coach.resume}>Resume</button>;
 *   return <Chat messages={coach.messages} onSend={coach.send} disabled={!coach.canSend} />;
 * }
 */
export function useCoachingSession(client: CoachingClient, options?: CoachingSessionOptions): UseCoachingSessionResult {
  return useCoachingSessionActor(useSessionActor(client, options));
}

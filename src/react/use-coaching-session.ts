import { useSelector } from "@xstate/react";
import { useMemo } from "react";
import type { CoachingClient } from "../api/create-coaching-client.js";
import type { CoachingSessionActor, CoachingSessionOptions } from "../machine/create-coaching-session.js";
import {
  selectCanSend,
  selectIsAwaitingReply,
  selectIsBlocked,
  selectIsBusy,
  selectIsFinished,
  selectView,
  type CoachingSessionSnapshot,
} from "../machine/selectors.js";
import { useSessionActor } from "./use-session-actor.js";

/** Commands bound to one session actor; stable across renders. */
export interface CoachingSessionCommands {
  send(text: string): void;
  resume(): void;
  startNew(): void;
  pause(): void;
  cancel(): void;
  /** Retries failed messages (or one by client id), or the failed step (re-check, re-start). */
  retry(clientMessageId?: string): void;
  discard(clientMessageId: string): void;
  refresh(): void;
}

export type UseCoachingSessionResult = CoachingSessionSnapshot["context"] &
  CoachingSessionCommands & {
    view: ReturnType<typeof selectView>;
    canSend: boolean;
    isBusy: boolean;
    isBlocked: boolean;
    isFinished: boolean;
    isAwaitingReply: boolean;
    snapshot: CoachingSessionSnapshot;
    actorRef: CoachingSessionActor;
  };

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
  const snapshot = useSelector(actorRef, (s) => s);
  const commands = useMemo(() => bindCommands(actorRef), [actorRef]);
  // Services and settings are internal wiring, not UI state.
  const { services: _services, settings: _settings, ...context } = snapshot.context;
  return {
    ...(context as CoachingSessionSnapshot["context"]),
    ...commands,
    view: selectView(snapshot),
    canSend: selectCanSend(snapshot),
    isBusy: selectIsBusy(snapshot),
    isBlocked: selectIsBlocked(snapshot),
    isFinished: selectIsFinished(snapshot),
    isAwaitingReply: selectIsAwaitingReply(snapshot),
    snapshot,
    actorRef,
  };
}

/**
 * Runs a coaching session for this component: checks the user's session after mount, then
 * exposes the transcript, status and commands.
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

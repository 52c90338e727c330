import { createContext, useContext, type ReactNode } from "react";
import type { CoachingClient } from "../api/create-coaching-client.js";
import type { CoachingSessionActor, CoachingSessionOptions } from "../machine/create-coaching-session.js";
import type { CoachingSessionSnapshot } from "../machine/selectors.js";
import { useCoachingSessionActor, type UseCoachingSessionResult } from "./use-coaching-session.js";
import { useActorSelector } from "./use-actor-selector.js";
import { useSessionActor } from "./use-session-actor.js";

const SessionActorContext = createContext<CoachingSessionActor | null>(null);

export interface CoachingSessionProviderProps {
  client: CoachingClient;
  options?: CoachingSessionOptions;
  children?: ReactNode;
}

/**
 * Shares one running session among components (one check, one socket).
 *
 * @example
 * <CoachingSessionProvider client={client}>
 *   <StatusBadge />   // useCoachingSelector(selectStatus): re-renders on status only
 *   <Transcript />    // useCoachingSessionContext(): the whole session
 * </CoachingSessionProvider>
 */
export function CoachingSessionProvider({ client, options, children }: CoachingSessionProviderProps) {
  const actor = useSessionActor(client, options);
  return <SessionActorContext.Provider value={actor}>{children}</SessionActorContext.Provider>;
}

function useProvidedActor(): CoachingSessionActor {
  const actor = useContext(SessionActorContext);
  if (!actor) throw new Error("coaching-session-sdk: wrap this component in <CoachingSessionProvider>");
  return actor;
}

/**
 * The shared session's state and commands (re-renders on every change).
 *
 * @example
 * const { messages, send, canSend } = useCoachingSessionContext();
 */
export function useCoachingSessionContext(): UseCoachingSessionResult {
  return useCoachingSessionActor(useProvidedActor());
}

/**
 * One slice of the shared session; re-renders only when the slice changes (by `compare`, default `Object.is`).
 *
 * @example
 * const status = useCoachingSelector(selectStatus);
 * const replyStatus = useCoachingSelector(selectReplyStatus);
 */
export function useCoachingSelector<T>(
  selector: (snapshot: CoachingSessionSnapshot) => T,
  compare?: (a: T, b: T) => boolean,
): T {
  return useActorSelector(useProvidedActor(), selector, compare);
}

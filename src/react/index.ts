export {
  useCoachingSession,
  useCoachingSessionActor,
  type CoachingSessionCommands,
  type UseCoachingSessionResult,
} from "./use-coaching-session.js";
export {
  CoachingSessionProvider,
  useCoachingSelector,
  useCoachingSessionContext,
  type CoachingSessionProviderProps,
} from "./coaching-session-provider.js";
export { useSessionActor } from "./use-session-actor.js";

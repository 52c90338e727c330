export { coachingSessionMachine, type CoachingSessionMachineContext } from "./coaching-session-machine.js";
export { createCoachingSession, type CoachingSessionActor, type CoachingSessionOptions } from "./create-coaching-session.js";
export {
  selectCanSend,
  selectConflict,
  selectConnection,
  selectError,
  selectIsAwaitingReply,
  selectIsBlocked,
  selectIsBusy,
  selectIsFinished,
  selectMessages,
  selectResult,
  selectStatus,
  selectView,
  type CoachingSessionSnapshot,
  type CoachingSessionView,
} from "./selectors.js";
export type { CoachingSessionInput, SessionServices, SessionSettings } from "./services.js";
export type { OutboxStore } from "./outbox-store.js";
export type { ChatMessage, CoachingSessionContext, CoachingSessionEvent, MessageDelivery } from "./types.js";

export { coachingSessionMachine } from "./coaching-session-machine.js";
export {
  createCoachingSession,
  createCoachingSessionMachine,
  type CoachingSessionActor,
  type CoachingSessionMachine,
  type CoachingSessionOptions,
} from "./create-coaching-session.js";
export {
  selectCanSend,
  selectCanStop,
  selectConflict,
  selectConnection,
  selectError,
  selectIsAwaitingReply,
  selectIsBlocked,
  selectIsBusy,
  selectIsFinished,
  selectMessages,
  selectPartialReply,
  selectReplyStatus,
  selectResult,
  selectSession,
  selectStatus,
  selectView,
  type CoachingSessionSnapshot,
  type CoachingSessionView,
  type ReplyStatus,
} from "./selectors.js";
export type { CoachingSessionInput } from "./setup.js";
export type {
  AwaitedReply,
  ChatMessage,
  CoachingSessionContext,
  CoachingSessionEvent,
  MessageDelivery,
  SessionInfo,
  SessionSettings,
} from "./types.js";

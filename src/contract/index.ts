export { messageRoleSchema, messageSchema, type Message, type MessageRole } from "./message.js";
export {
  coachingResultSchema,
  isSessionStatus,
  sessionSchema,
  sessionStatusSchema,
  type CoachingResult,
  type Session,
  type SessionStatus,
} from "./session.js";
export { conflictSchema, type Conflict } from "./conflict.js";
export {
  jobErrorSchema,
  jobPartialSchema,
  jobResultSchema,
  jobSchema,
  jobStatusSchema,
  type Job,
  type JobError,
  type JobPartial,
  type JobResult,
  type JobStatus,
} from "./job.js";
export {
  currentSessionResponseSchema,
  errorBodySchema,
  sendMessageRequestSchema,
  sendMessageResponseSchema,
  sessionResponseSchema,
  startSessionRequestSchema,
  startSessionResponseSchema,
  type CurrentSessionResponse,
  type ErrorBody,
  type SendMessageRequest,
  type SendMessageResponse,
  type SessionResponse,
  type StartSessionRequest,
  type StartSessionResponse,
} from "./responses.js";
export {
  CloseCode,
  KNOWN_SERVER_FRAME_TYPES,
  MAX_FRAME_BYTES,
  clientFrameSchema,
  jobCompletedEventSchema,
  jobFailedEventSchema,
  jobProgressEventSchema,
  serverFrameSchema,
  sessionUpdatedEventSchema,
  type ClientFrame,
  type JobCompletedEvent,
  type JobFailedEvent,
  type JobProgressEvent,
  type ServerEvent,
  type ServerFrame,
  type SessionUpdatedEvent,
} from "./socket.js";
export { parseServerFrame, type ParsedFrame } from "./parse-frame.js";
export { defaultRoutes, type CoachingRoutes } from "./routes.js";

// The framework-agnostic core. Each folder's index lists its public names explicitly;
// anything not listed there is private. The contract's schemas and frame parser are their own
// entry, `coaching-session-sdk/contract`; the core exports the contract's types only.
export type {
  CoachingResult,
  CoachingRoutes,
  Conflict,
  Job,
  JobError,
  JobPartial,
  JobResult,
  JobStatus,
  Message,
  MessageRole,
  Session,
  SessionStatus,
} from "./contract/index.js";
export * from "./errors/index.js";
export * from "./api/index.js";
export * from "./delivery/index.js";
export * from "./machine/index.js";
export { createMemoryStorage, type KeyValueStorage } from "./shared/storage.js";
export { clearPersistedState } from "./shared/persisted-entries.js";
export { systemTimers, type TimerHandle, type Timers } from "./shared/timers.js";
export { consoleLogger, silentLogger, type Logger } from "./shared/logger.js";
export type { WebSocketConstructor, WebSocketLike } from "./shared/websocket.js";

// The framework-agnostic core: contract, API client, job delivery, session machine.
export * from "./contract/index.js";
export * from "./errors/index.js";
export * from "./api/index.js";
export { createMemoryStorage, type KeyValueStorage } from "./shared/storage.js";
export { systemTimers, type Timers, type TimerHandle } from "./shared/timers.js";
export { consoleLogger, silentLogger, type Logger } from "./shared/logger.js";
export type { WebSocketConstructor, WebSocketLike } from "./shared/websocket.js";

// The test kit: one in-memory backend model and its msw adapters. Browser-safe: no Node imports.
// The real Node server and the msw/node convenience live in `coaching-session-sdk/testing/server`.
export { createMockCoachingBackend } from "./mock-backend/create-mock-backend.js";
export { scriptedCoach } from "./mock-backend/scripted-coach.js";
export { serializeResponseBody } from "./mock-backend/http-responses.js";
export { MockKitError, type MockKitErrorCode } from "./errors/mock-kit-error.js";
export { MissingPeerDependencyError } from "./errors/missing-peer-dependency-error.js";
export type { MockCoachingBackend, MockFaults, MockScenario, MockUserFilter, ReorderEventsOptions } from "./mock-backend/backend-types.js";
export type { MockSeedMessage, MockSessionSeed } from "./mock-backend/session-seed.js";
export type { EventFaultOptions } from "./mock-backend/socket-events.js";
export type { StreamingOptions } from "./mock-backend/streaming-options.js";
export type {
  CoachContext,
  CoachFn,
  CoachReply,
  MockBackendOptions,
} from "./mock-backend/options.js";
export type {
  MockHttpRequest,
  MockHttpResponse,
  MockSocketConnection,
  MockSocketPeer,
  RequestLogEntry,
  RouteName,
} from "./mock-backend/types.js";
export type { FailNextOptions, HttpFaultTarget, MalformedOptions, NetworkErrorOptions } from "./mock-backend/http-faults.js";
export type { SocketDropMode } from "./mock-backend/socket-hub.js";
export { createMswHandlers, type MswHandlersOptions } from "./msw/create-msw-handlers.js";
export { createMswSocketHandler, type MswSocketHandlerOptions } from "./msw/create-msw-socket-handler.js";

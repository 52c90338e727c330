// Node-only parts of the test kit: the msw/node convenience and the real HTTP + WebSocket server.
// `ws` is loaded by `startMockCoachingServer` when it runs, so `setupMockCoaching` works without it.
export { MissingPeerDependencyError } from "../errors/missing-peer-dependency-error.js";
export { MockKitError, type MockKitErrorCode } from "../errors/mock-kit-error.js";
export {
  setupMockCoaching,
  type MockCoaching,
  type MockListenOptions,
  type SetupMockCoachingOptions,
  type UnhandledStrategy,
} from "./setup-mock-coaching.js";
export { startMockCoachingServer, type MockCoachingServer, type MockServerOptions } from "./start-mock-server.js";

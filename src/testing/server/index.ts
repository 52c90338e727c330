// Node-only parts of the test kit: the msw/node convenience and the real HTTP + WebSocket server.
export { setupMockCoaching, type MockCoaching, type SetupMockCoachingOptions } from "./setup-mock-coaching.js";
export { startMockCoachingServer, type MockCoachingServer, type MockServerOptions } from "./start-mock-server.js";

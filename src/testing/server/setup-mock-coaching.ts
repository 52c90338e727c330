import { setupServer } from "msw/node";
import { createMockCoachingBackend } from "../mock-backend/create-mock-backend.js";
import type { MockCoachingBackend } from "../mock-backend/backend-types.js";
import type { MockBackendOptions } from "../mock-backend/options.js";
import { createMswHandlers } from "../msw/create-msw-handlers.js";
import { createMswSocketHandler } from "../msw/create-msw-socket-handler.js";

type MswServer = ReturnType<typeof setupServer>;

export interface SetupMockCoachingOptions extends MockBackendOptions {
  /** Drive an existing backend instead of creating one from the other options. */
  backend?: MockCoachingBackend;
}

/** msw's `listen / resetHandlers / close` lifecycle, plus the backend behind the handlers. */
export interface MockCoaching {
  backend: MockCoachingBackend;
  /** The underlying msw server, for anything not wrapped here. */
  server: MswServer;
  listen(options?: Parameters<MswServer["listen"]>[0]): void;
  /** Prepends handlers (e.g. a one-off override of a route). */
  use(...handlers: Parameters<MswServer["use"]>): void;
  /** msw's `resetHandlers`: drops handlers added with `use`. Backend state is kept. */
  resetHandlers(...handlers: Parameters<MswServer["resetHandlers"]>): void;
  /** `resetHandlers()` and `backend.reset()`: the usual `afterEach`. */
  reset(): void;
  /** Stops intercepting and closes the backend (clears its timers). */
  close(): void;
}

/**
 * Intercepts the SDK's HTTP calls and socket in Node tests with msw, answered by one mock backend.
 * Node only (msw/node); in the browser, pass `createMswHandlers` to msw's `setupWorker`.
 *
 * @example
 * const mock = setupMockCoaching({ baseUrl: "https://api.example.com/v1", socketUrl: "wss://ws.example.com/coaching" });
 * beforeAll(() => mock.listen({ onUnhandledRequest: "error" }));
 * afterEach(() => mock.reset());
 * afterAll(() => mock.close());
 */
export function setupMockCoaching(options: SetupMockCoachingOptions = {}): MockCoaching {
  const { backend: given, ...backendOptions } = options;
  const backend = given ?? createMockCoachingBackend(backendOptions);
  const server = setupServer(...createMswHandlers(backend), createMswSocketHandler(backend));
  return {
    backend,
    server,
    listen: (listenOptions) => server.listen(listenOptions),
    use: (...handlers) => server.use(...handlers),
    resetHandlers: (...handlers) => server.resetHandlers(...handlers),
    reset() {
      server.resetHandlers();
      backend.reset();
    },
    close() {
      server.close();
      backend.close();
    },
  };
}

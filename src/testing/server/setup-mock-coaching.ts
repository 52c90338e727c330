import { setupServer } from "msw/node";
import { clearPersistedState as clearSdkState } from "../../shared/persisted-entries.js";
import type { KeyValueStorage } from "../../shared/storage.js";
import { createMockCoachingBackend } from "../mock-backend/create-mock-backend.js";
import type { MockCoachingBackend } from "../mock-backend/backend-types.js";
import type { MockBackendOptions } from "../mock-backend/options.js";
import { createMswHandlers } from "../msw/create-msw-handlers.js";
import { createMswSocketHandler } from "../msw/create-msw-socket-handler.js";

type MswServer = ReturnType<typeof setupServer>;

export interface SetupMockCoachingOptions extends MockBackendOptions {
  /** Drive an existing backend instead of creating one from the other options. */
  backend?: MockCoachingBackend;
  /**
   * Called by `reset()` once the backend has forgotten its state, to clear what the SDK under test
   * persisted (pending jobs, unsent messages), so the next test starts clean. Pass your own when
   * the SDK was given another storage, e.g. `() => clearPersistedState(myStorage)`.
   * @default clears the SDK's entries in the global `sessionStorage` and `localStorage`, where they exist
   */
  clearPersistedState?: () => void;
}

/** What msw does with a request or socket that no handler answers. */
export type UnhandledStrategy = "bypass" | "warn" | "error";

/** msw's own `listen` options, plus one that reads the same under msw 2 and msw 3. */
export type MockListenOptions = NonNullable<Parameters<MswServer["listen"]>[0]> & {
  /**
   * Sets msw 2's `onUnhandledRequest` and msw 3's `onUnhandledFrame` alike (msw 3 renamed it
   * and ignores the old name), so one test setup works with either.
   * @default msw's own default ("warn")
   */
  onUnhandled?: UnhandledStrategy;
};

/** msw's `listen / resetHandlers / close` lifecycle, plus the backend behind the handlers. */
export interface MockCoaching {
  backend: MockCoachingBackend;
  /** The underlying msw server, for anything not wrapped here. */
  server: MswServer;
  listen(options?: MockListenOptions): void;
  /** Prepends handlers (e.g. a one-off override of a route). */
  use(...handlers: Parameters<MswServer["use"]>): void;
  /** msw's `resetHandlers`: drops handlers added with `use`. Backend state is kept. */
  resetHandlers(...handlers: Parameters<MswServer["resetHandlers"]>): void;
  /**
   * The usual `afterEach`: `resetHandlers()`, `backend.reset()` (state, faults and options back
   * to how they were created; ids keep counting, so the next test never meets an id the SDK
   * already saw), then `clearPersistedState`.
   */
  reset(): void;
  /** Stops intercepting and closes the backend (clears its timers). */
  close(): void;
}

/**
 * Intercepts the SDK's HTTP calls and socket in Node tests with msw (2 or 3), answered by one
 * mock backend. Node only (msw/node); needs no `ws`. In the browser, pass `createMswHandlers`
 * to msw's `setupWorker`.
 *
 * @example
 * const mock = setupMockCoaching({ baseUrl: "https://api.example.com/v1", socketUrl: "wss://ws.example.com/coaching" });
 * beforeAll(() => mock.listen({ onUnhandled: "error" }));
 * afterEach(() => mock.reset());
 * afterAll(() => mock.close());
 */
export function setupMockCoaching(options: SetupMockCoachingOptions = {}): MockCoaching {
  const { backend: given, clearPersistedState = clearGlobalStorages, ...backendOptions } = options;
  const backend = given ?? createMockCoachingBackend(backendOptions);
  const server = setupServer(...createMswHandlers(backend), createMswSocketHandler(backend));
  return {
    backend,
    server,
    listen: (listenOptions) => server.listen(mswListenOptions(listenOptions)),
    use: (...handlers) => server.use(...handlers),
    resetHandlers: (...handlers) => server.resetHandlers(...handlers),
    reset() {
      server.resetHandlers();
      backend.reset();
      clearPersistedState();
    },
    close() {
      server.close();
      backend.close();
    },
  };
}

/** The SDK's default storage is `sessionStorage`; apps may have passed `localStorage`. */
function clearGlobalStorages(): void {
  const { sessionStorage, localStorage } = globalThis as { sessionStorage?: KeyValueStorage; localStorage?: KeyValueStorage };
  for (const storage of [sessionStorage, localStorage]) if (storage) clearSdkState(storage);
}

/** msw's options with `onUnhandled` spelled both ways; each msw reads its own name and ignores the other. */
function mswListenOptions(options: MockListenOptions = {}): Parameters<MswServer["listen"]>[0] {
  const { onUnhandled, ...mswOptions } = options;
  if (onUnhandled === undefined) return mswOptions;
  // Typed loosely on purpose: each msw's option type knows only its own name for this setting.
  const both: Record<string, unknown> = { onUnhandledRequest: onUnhandled, onUnhandledFrame: onUnhandled, ...mswOptions };
  return both as Parameters<MswServer["listen"]>[0];
}

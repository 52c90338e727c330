import { afterAll, afterEach, beforeAll } from "vitest";
import { waitFor } from "xstate";
import { createCoachingClient } from "../../src/api/create-coaching-client.js";
import type { CoachingClientOptions } from "../../src/api/options.js";
import { createMemoryStorage, type KeyValueStorage } from "../../src/shared/storage.js";
import { silentLogger } from "../../src/shared/logger.js";
import { createCoachingSession, type CoachingSessionActor, type CoachingSessionOptions } from "../../src/machine/create-coaching-session.js";
import type { CoachingSessionSnapshot } from "../../src/machine/selectors.js";
import { setupMockCoaching, type SetupMockCoachingOptions } from "../../src/testing/server/setup-mock-coaching.js";
import { createFakeEnvironment } from "../support/fake-environment.js";

export const BASE_URL = "https://coach.test/v1";
export const SOCKET_URL = "wss://coach.test/coaching";

/** The whole stack (client, delivery over msw's WebSocket, machine) against the mock backend. */
export function createLifecycleKit(backendOptions: Omit<SetupMockCoachingOptions, "baseUrl" | "socketUrl"> = {}) {
  const mock = setupMockCoaching({ baseUrl: BASE_URL, socketUrl: SOCKET_URL, processingDelayMs: 5, turnsUntilFinal: 3, ...backendOptions });
  const actors: CoachingSessionActor[] = [];

  type OpenOptions = CoachingSessionOptions & { storage?: KeyValueStorage; socket?: boolean; client?: Partial<CoachingClientOptions> };
  function open(options: OpenOptions = {}) {
    const { socket = true, client: clientOptions, ...sessionOptions } = options;
    // Created after listen(), so the client picks up msw's patched global WebSocket.
    const client = createCoachingClient({
      baseUrl: BASE_URL,
      socketUrl: socket ? SOCKET_URL : undefined,
      getToken: () => "token",
      logger: silentLogger,
      ...clientOptions,
    });
    const environment = createFakeEnvironment();
    const actor = createCoachingSession(client, {
      storage: options.storage ?? createMemoryStorage(),
      environment,
      pollInitialDelayMs: 20,
      pollMaxDelayMs: 50,
      ...sessionOptions,
    });
    actors.push(actor);
    actor.start();
    const until = (predicate: (s: CoachingSessionSnapshot) => boolean, timeout = 4_000) => waitFor(actor, predicate, { timeout });
    return { actor, client, environment, until };
  }

  return {
    mock,
    backend: mock.backend,
    open,
    stopAll() {
      for (const actor of actors.splice(0)) actor.stop();
    },
  };
}

/**
 * A kit for one test file, wired into vitest the way the README's recipe says: listen before
 * the file, `mock.reset()` (and every actor stopped) after each test, close after the file.
 */
export function useLifecycleKit(backendOptions: Parameters<typeof createLifecycleKit>[0] = {}) {
  const kit = createLifecycleKit(backendOptions);
  beforeAll(() => kit.mock.listen({ onUnhandled: "error" }));
  afterEach(() => {
    kit.stopAll();
    kit.mock.reset();
  });
  afterAll(() => kit.mock.close());
  return kit;
}

/** The coach's completed replies (a reply still streaming is not one yet). */
export const replies = (s: CoachingSessionSnapshot) => s.context.messages.filter((m) => m.role === "coach" && !m.partial);

/**
 * Every snapshot the actor shows from now on (the current one first), for checks over the whole
 * history of a reply rather than its end. The subscription ends with the actor.
 */
export function recordSnapshots(actor: CoachingSessionActor): CoachingSessionSnapshot[] {
  const history = [actor.getSnapshot()];
  actor.subscribe((snapshot) => history.push(snapshot));
  return history;
}

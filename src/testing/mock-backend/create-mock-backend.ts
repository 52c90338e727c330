import { createAuthGate } from "./auth-gate.js";
import type { MockCoachingBackend, MockUserFilter } from "./backend-types.js";
import type { BackendContext } from "./context.js";
import { handleRequest } from "./handle-request.js";
import { createHttpFaultQueue } from "./http-faults.js";
import { createIdempotencyStore } from "./idempotency.js";
import { createIdSource } from "./ids.js";
import { createMockFaults } from "./mock-faults.js";
import { createMockScenario } from "./mock-scenario.js";
import { resolveMockBackendOptions, type MockBackendOptions } from "./options.js";
import { compileRouteTable } from "./route-table.js";
import { createSocketHub } from "./socket-hub.js";
import { createStore, toWireJob, toWireSession } from "./store.js";
import { createTimerRegistry } from "./timer-registry.js";

/**
 * Creates the in-memory coaching backend: sessions, jobs, idempotency, the socket protocol and
 * fault knobs, all in one model that the msw handlers and the real server both drive. It serves
 * one user unless `userOf` tells callers apart by their token.
 *
 * @example
 * const backend = createMockCoachingBackend({ turnsUntilFinal: 2, processingDelayMs: 0 });
 * const res = await backend.handle({ method: "POST", path: "/coaching/sessions", body: {} });
 * res.status; // 201
 * backend.close();
 *
 * @example
 * // Many users on one backend: the bearer token is the user id.
 * const shared = createMockCoachingBackend({ userOf: (token) => token ?? "anonymous" });
 * shared.sessions({ user: "alice" }); // alice's sessions only
 */
export function createMockCoachingBackend(options: MockBackendOptions = {}): MockCoachingBackend {
  const initial = resolveMockBackendOptions(options);
  const timers = createTimerRegistry(initial.timers);
  const ids = createIdSource();
  const auth = createAuthGate(initial.isTokenValid);
  const ctx: BackendContext = {
    config: { ...initial },
    store: createStore(),
    ids,
    timers,
    auth,
    hub: createSocketHub({ auth, userOf: initial.userOf, ids, timers }),
    httpFaults: createHttpFaultQueue(),
    idempotency: createIdempotencyStore(),
    jobFailures: [],
    requestLog: [],
    sleepers: new Set(),
    generation: 0,
    now: () => initial.timers.now(),
  };
  const table = compileRouteTable(initial.routes);
  const faults = createMockFaults(ctx);

  const stopWork = () => {
    ctx.generation += 1;
    for (const wake of [...ctx.sleepers]) wake();
    timers.clearAll();
  };

  return {
    baseUrl: initial.baseUrl,
    socketUrl: initial.socketUrl,
    routes: initial.routes,
    handle: (request) => handleRequest(ctx, table, request),
    acceptSocket: (peer, info) => ctx.hub.accept(peer, info),
    faults,
    scenario: createMockScenario(ctx),
    sessions: (filter = {}) => ownedBy([...ctx.store.sessions.values()], filter).map((session) => toWireSession(session, ctx.config.sessionTtlMs)),
    jobs: (filter = {}) => ownedBy([...ctx.store.jobs.values()], filter).map(toWireJob),
    get requests() {
      return ctx.requestLog;
    },
    messagesByClientId(clientMessageId, filter = {}) {
      let count = 0;
      for (const session of ownedBy([...ctx.store.sessions.values()], filter)) {
        count += session.messages.filter((m) => m.role === "user" && m.clientMessageId === clientMessageId).length;
      }
      return count;
    },
    socketCount: () => ctx.hub.count(),
    pendingTimers: () => timers.size(),
    reset() {
      stopWork();
      ctx.hub.drop(1012, "mock backend reset");
      faults.clear();
      auth.clear();
      // Ids are not rewound (see ids.ts): what the SDK persisted must never meet them again.
      ctx.idempotency.clear();
      ctx.store = createStore();
      ctx.config = { ...initial };
      ctx.requestLog.length = 0;
    },
    close() {
      stopWork();
      ctx.hub.drop(1001, "mock backend closed");
    },
  };
}

function ownedBy<T extends { userId: string }>(items: T[], filter: MockUserFilter): T[] {
  return filter.user === undefined ? items : items.filter((item) => item.userId === filter.user);
}

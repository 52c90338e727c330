import { vi } from "vitest";
import { createActor, waitFor, type SnapshotFrom } from "xstate";
import type { CoachingApi, CoachingClient } from "../../src/api/create-coaching-client.js";
import { resolveClientOptions, type CoachingClientOptions } from "../../src/api/options.js";
import { createTokenProvider } from "../../src/api/token-provider.js";
import type { JobResult } from "../../src/contract/job.js";
import type { Session } from "../../src/contract/session.js";
import type { TrackedJob } from "../../src/delivery/types.js";
import { createCoachingSessionMachine, type CoachingSessionMachine } from "../../src/machine/create-coaching-session.js";
import type { SessionSettings } from "../../src/machine/types.js";
import { createMemoryStorage, type KeyValueStorage } from "../../src/shared/storage.js";
import { silentLogger, type Logger } from "../../src/shared/logger.js";
import { createFakeDelivery } from "./fake-delivery.js";
import { createFakeEnvironment } from "./fake-environment.js";

export const NOW = Date.parse("2026-11-24T12:00:00.000Z");

/** A job's result with the coach's reply `content` (not final, session ACTIVE unless `extra` says otherwise). */
export const reply = (jobId: string, content: string, extra: Partial<JobResult> = {}): JobResult => ({
  reply: { id: `r-${jobId}`, role: "coach", content, createdAt: "2026-11-24T12:00:00Z", jobId },
  isFinal: false,
  sessionStatus: "ACTIVE",
  ...extra,
});

export function makeSession(overrides: Partial<Session> = {}): Session {
  const at = new Date(NOW - 60_000).toISOString();
  return {
    id: "s1",
    status: "ACTIVE",
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    expiresAt: new Date(NOW + 86_400_000).toISOString(),
    ...overrides,
  };
}

type ApiMocks = { [K in keyof CoachingApi]: ReturnType<typeof vi.fn<CoachingApi[K]>> };

/**
 * Runs the session machine against scripted API functions and a hand-driven delivery, so each
 * test states exactly what the server answers.
 */
export function createMachineHarness(options: {
  api?: Partial<{ [K in keyof CoachingApi]: CoachingApi[K] }>;
  settings?: Partial<SessionSettings>;
  storage?: KeyValueStorage;
  restoredJobs?: TrackedJob[];
  logger?: Logger;
  /** The client's retry policy (its `maxRetryAfterMs` is the longest wait a send sits out). */
  retry?: CoachingClientOptions["retry"];
  /** Swaps effects of the provided machine (e.g. one actor) before the actor is created. */
  provide?: (machine: CoachingSessionMachine) => CoachingSessionMachine;
} = {}) {
  let clientIds = 0;
  let clock = NOW;
  const api = {
    getCurrentSession: vi.fn(async () => ({ session: null, conflict: null })),
    startSession: vi.fn(async () => ({ session: makeSession({ id: "new" }), abandonedSessionId: null })),
    getSession: vi.fn(async (id: string) => ({ session: makeSession({ id }) })),
    resumeSession: vi.fn(async (id: string) => ({ session: makeSession({ id }) })),
    pauseSession: vi.fn(async (id: string) => ({ session: makeSession({ id, status: "PAUSED" }) })),
    cancelSession: vi.fn(async (id: string) => ({ session: makeSession({ id, status: "CANCELLED" }) })),
    sendMessage: vi.fn(async (_id: string, input: { clientMessageId: string }) => ({
      jobId: `job-${input.clientMessageId}`,
      messageId: `msg-${input.clientMessageId}`,
      status: "QUEUED" as const,
    })),
    getJob: vi.fn(),
    cancelJob: vi.fn(),
  } as unknown as ApiMocks;
  // Scripted overrides are spies too, so tests can assert calls on any of them.
  for (const [name, implementation] of Object.entries(options.api ?? {})) {
    (api as Record<string, unknown>)[name] = vi.fn(implementation as (...args: unknown[]) => unknown);
  }
  const resolved = resolveClientOptions({
    baseUrl: "https://api.test",
    logger: options.logger ?? silentLogger,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    timers: { now: () => clock, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as never) },
  });
  const client: CoachingClient = { api: api as unknown as CoachingApi, options: resolved, tokens: createTokenProvider(() => "t") };
  const delivery = createFakeDelivery(options.restoredJobs);
  const environment = createFakeEnvironment();
  const storage = options.storage ?? createMemoryStorage();
  const settings = { idleAfterMs: 30 * 60_000, maxMessageLength: 100, autoResume: false, ...options.settings };
  const machine = createCoachingSessionMachine(client, {
    delivery,
    environment,
    storage,
    maxMessageLength: settings.maxMessageLength,
    newClientMessageId: () => `c${++clientIds}`,
  });
  const actor = createActor(options.provide ? options.provide(machine) : machine, { input: { settings } });
  const until = (predicate: (s: SnapshotFrom<CoachingSessionMachine>) => boolean) =>
    waitFor(actor, predicate, { timeout: 2_000 });
  const inState = (value: string) => until((s) => s.matches(value as never));
  return {
    actor,
    api,
    client,
    delivery,
    environment,
    storage,
    until,
    inState,
    advanceClock: (ms: number) => {
      clock += ms;
    },
  };
}

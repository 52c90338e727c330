import type { Message } from "../../contract/message.js";
import { defaultRoutes, type CoachingRoutes } from "../../contract/routes.js";
import { systemTimers, type Timers } from "../../shared/timers.js";
import { scriptedCoach } from "./scripted-coach.js";
import { resolveStreaming, type ResolvedStreaming, type StreamingOptions } from "./streaming-options.js";

/** What the coach sees when it writes one reply. */
export interface CoachContext {
  sessionId: string;
  /** 1 for the reply to the first user message. */
  turn: number;
  /** The user message being answered. */
  userText: string;
  /** True when this reply ends the session (turn reached `turnsUntilFinal`). */
  isFinal: boolean;
  /** The transcript so far, the user message included. */
  history: readonly Message[];
}

/** One coach reply. `extracted` values of all turns are merged into the final result. */
export interface CoachReply {
  content: string;
  extracted?: Record<string, unknown>;
  /** The final result's summary; only read on the final turn. */
  summary?: string;
}

export type CoachFn = (context: CoachContext) => CoachReply;

export interface MockBackendOptions {
  /** The API base the msw adapter intercepts. @default "http://localhost/api" */
  baseUrl?: string;
  /** The socket URL the msw adapter intercepts. @default "ws://localhost/coaching" */
  socketUrl?: string;
  /** Route paths, when the SDK under test overrides them. @default the contract's routes */
  routes?: Partial<CoachingRoutes>;
  /** The reply to this user message is final and completes the session. @default 3 */
  turnsUntilFinal?: number;
  /** How long a job takes (PROCESSING at half of it). @default 20 */
  processingDelayMs?: number;
  /**
   * Streams each reply in `job.progress` chunks while its job is PROCESSING (contract v1.1), and
   * shows the text so far as `partial` on job polls. `false` (or `chunkCount: 0`) gives exact
   * v1 behaviour: no progress events, no `partial`.
   * @default true (4 chunks spread over the PROCESSING half of `processingDelayMs`)
   */
  streaming?: boolean | StreamingOptions;
  /** A session expires this long after its last activity. @default 86_400_000 (24 h) */
  sessionTtlMs?: number;
  /** A job expires this long after it was created. @default 600_000 (10 min) */
  jobTtlMs?: number;
  /** The status of a known but expired session or job. @default 410 */
  expiredStatus?: 404 | 410;
  /** Longer messages are refused with 413 MESSAGE_TOO_LARGE. @default 4000 */
  maxMessageLength?: number;
  /** Time and timers; pass fake ones, or rely on `vi.useFakeTimers()`. @default systemTimers */
  timers?: Timers;
  /** Writes the coach's replies. @default a deterministic script based on turn and user text */
  coach?: CoachFn;
  /** Decides whether a bearer token is valid. @default any non-empty token */
  isTokenValid?: (token: string) => boolean;
  /** Refuse HTTP calls that carry no `Authorization` header. @default false */
  requireAuth?: boolean;
  /**
   * Which user a caller is, from its bearer token (`null`: an HTTP call without `Authorization`,
   * allowed when `requireAuth` is off). Called only for tokens `isTokenValid` accepted; it must
   * not throw. Sessions, jobs, idempotency keys and socket events are scoped to that user:
   * another user's session or job answers 404, as an unknown id does.
   *
   * @default () => "user" (every caller is the same user, as before this option existed)
   * @example
   * // The token is the user id: `getToken: () => "alice"` and `() => "bob"` are two users.
   * createMockCoachingBackend({ userOf: (token) => token ?? "anonymous" });
   */
  userOf?: (token: string | null) => string;
}

/** Options with every default applied; computed once per backend. */
export interface ResolvedMockBackendOptions {
  baseUrl: string;
  socketUrl: string;
  routes: CoachingRoutes;
  turnsUntilFinal: number;
  processingDelayMs: number;
  streaming: ResolvedStreaming;
  sessionTtlMs: number;
  jobTtlMs: number;
  expiredStatus: 404 | 410;
  maxMessageLength: number;
  timers: Timers;
  coach: CoachFn;
  isTokenValid: (token: string) => boolean;
  requireAuth: boolean;
  userOf: (token: string | null) => string;
}

/** The user every caller is when no `userOf` is given. */
export const DEFAULT_USER = "user";

export function resolveMockBackendOptions(options: MockBackendOptions = {}): ResolvedMockBackendOptions {
  return {
    baseUrl: (options.baseUrl ?? "http://localhost/api").replace(/\/+$/, ""),
    socketUrl: options.socketUrl ?? "ws://localhost/coaching",
    routes: { ...defaultRoutes, ...options.routes },
    turnsUntilFinal: Math.max(1, options.turnsUntilFinal ?? 3),
    processingDelayMs: Math.max(0, options.processingDelayMs ?? 20),
    streaming: resolveStreaming(options.streaming),
    sessionTtlMs: options.sessionTtlMs ?? 86_400_000,
    jobTtlMs: options.jobTtlMs ?? 600_000,
    expiredStatus: options.expiredStatus ?? 410,
    maxMessageLength: options.maxMessageLength ?? 4000,
    timers: options.timers ?? systemTimers,
    coach: options.coach ?? scriptedCoach,
    isTokenValid: options.isTokenValid ?? ((token) => token.length > 0),
    requireAuth: options.requireAuth ?? false,
    userOf: options.userOf ?? (() => DEFAULT_USER),
  };
}

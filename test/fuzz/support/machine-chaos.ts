import fc from "fast-check";
import type { CoachingApi } from "../../../src/api/create-coaching-client.js";
import type { ConnectionStatus, DeliveryEvent } from "../../../src/delivery/types.js";
import { AuthError } from "../../../src/errors/auth-error.js";
import { ConflictError } from "../../../src/errors/conflict-error.js";
import { ExpiredError } from "../../../src/errors/expired-error.js";
import { HttpError } from "../../../src/errors/http-error.js";
import { JobFailedError, JobTimeoutError } from "../../../src/errors/job-errors.js";
import { NetworkError } from "../../../src/errors/network-error.js";
import { SendBlockedError } from "../../../src/errors/send-blocked-error.js";
import { AbortedError, TimeoutError } from "../../../src/errors/timeout-error.js";
import { ValidationError } from "../../../src/errors/validation-error.js";
import type { CoachingSessionEvent } from "../../../src/machine/types.js";
import { makeSession } from "../../support/machine-harness.js";
import { conflict, jobResult, session, sessionStatus } from "./contract-arbitraries.js";

/** Session ids: mostly the ones the harness uses, so updates and replies hit the current session. */
const sessionId = fc.constantFrom("s1", "s2", "new", "other");

/** Every CoachingError the API or delivery can raise, with the server codes the machine branches on. */
export const coachingError = fc.oneof(
  fc
    .record({
      status: fc.constantFrom(400, 409, 413, 422, 429, 500, 503),
      serverCode: fc.constantFrom("SESSION_NOT_ACTIVE", "INVALID_TRANSITION", "IDEMPOTENCY_IN_PROGRESS", "MESSAGE_TOO_LARGE", "HTTP_500", "X"),
      retryable: fc.boolean(),
    })
    .map((o) => new HttpError(o)),
  fc.record({ resource: fc.constantFrom("session" as const, "job" as const), id: sessionId, status: fc.constantFrom(404, 410) }).map(
    ({ resource, ...o }) => new ExpiredError(resource, o),
  ),
  fc.option(conflict, { nil: null }).map((c) => new ConflictError(c)),
  fc.constant(null).map(() => new NetworkError({ retryable: true })),
  fc.nat({ max: 60_000 }).map((ms) => new TimeoutError(ms)),
  fc.constant(null).map(() => new AbortedError()),
  fc.constantFrom("unauthorized" as const, "forbidden" as const, "token-unavailable" as const).map((r) => new AuthError(r)),
  fc.string({ maxLength: 10 }).map((m) => new ValidationError([{ path: ["session"], message: m }])),
  fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })).map(([job, code]) => new JobFailedError(job, code, "failed")),
  fc.nat({ max: 600_000 }).map((ms) => new JobTimeoutError("j", ms)),
  fc.constantFrom("paused" as const, "not-active" as const, "finished" as const).map((r) => new SendBlockedError(r)),
);

/** What else a buggy dependency may throw or reject with. */
export const rawError: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 10 }).map((m) => new Error(m)),
  fc.string({ maxLength: 10 }).map((m) => new TypeError(m)),
  fc.anything({ maxDepth: 1 }),
  fc.constant(null).map(() => Object.create(null) as object),
  fc.constant(Symbol("boom")),
  fc.record({ code: fc.constantFrom("SESSION_EXPIRED", "TENANT_CONFLICT", "JOB_EXPIRED", "HTTP_ERROR"), serverCode: fc.constantFrom("SESSION_NOT_ACTIVE", "INVALID_TRANSITION") }),
);

export const anyError = fc.oneof({ weight: 3, arbitrary: coachingError }, { weight: 1, arbitrary: rawError });

/** How one API call ends: a valid answer (fitted to the call), garbage, or a rejection. */
export type Outcome = { kind: "valid"; value: unknown } | { kind: "garbage"; value: unknown } | { kind: "reject"; error: unknown };

type MachineMethod = Exclude<keyof CoachingApi, "getJob" | "cancelJob">;
export type Script = Record<MachineMethod, Outcome[]>;
export const METHODS: MachineMethod[] = ["getCurrentSession", "startSession", "getSession", "resumeSession", "pauseSession", "cancelSession", "sendMessage"];

const sessionWithId = session.chain((s) => sessionId.map((id) => ({ ...s, id })));
const validFor: Record<MachineMethod, fc.Arbitrary<unknown>> = {
  getCurrentSession: fc.record({
    session: fc.option(sessionWithId, { nil: null }),
    // Rare, so that most runs get past the conflict screen.
    conflict: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: conflict }),
  }),
  startSession: fc.record({ session: sessionWithId, abandonedSessionId: fc.option(sessionId, { nil: null }) }),
  getSession: fc.record({ session: sessionWithId }),
  resumeSession: fc.record({ session: sessionWithId }),
  pauseSession: fc.record({ session: sessionWithId }),
  cancelSession: fc.record({ session: sessionWithId }),
  sendMessage: fc.record({ jobId: fc.constantFrom("j1", "j2", "j3"), messageId: fc.constantFrom("m1", "m2"), status: fc.constant("QUEUED") }),
};

/** Garbage a broken API layer might resolve with: anything, or a near miss of the right shape. */
const garbage = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.record({ session: fc.anything({ maxDepth: 1 }), conflict: fc.anything({ maxDepth: 1 }) }, { requiredKeys: [] }),
  fc.record({ session: fc.record({ id: fc.anything({ maxDepth: 0 }), status: fc.anything({ maxDepth: 0 }), messages: fc.anything({ maxDepth: 1 }) }, { requiredKeys: [] }) }),
);

export function scriptArb({ withGarbage }: { withGarbage: boolean }): fc.Arbitrary<Script> {
  const outcome = (method: MachineMethod): fc.Arbitrary<Outcome> =>
    fc.oneof(
      { weight: 4, arbitrary: validFor[method].map((value) => ({ kind: "valid" as const, value })) },
      { weight: 2, arbitrary: anyError.map((error) => ({ kind: "reject" as const, error })) },
      { weight: withGarbage ? 1 : 0, arbitrary: garbage.map((value) => ({ kind: "garbage" as const, value })) },
    );
  return fc.record(Object.fromEntries(METHODS.map((m) => [m, fc.array(outcome(m), { maxLength: 5 })])) as Record<MachineMethod, fc.Arbitrary<Outcome[]>>);
}

/** The scripted API: each call takes the next outcome of its method, then answers like a sane server. */
export function scriptedApi(script: Script, calls: string[]): Partial<CoachingApi> {
  const queues = structuredCloneScript(script);
  const answer = (method: MachineMethod, fallback: () => unknown, fit: (value: unknown) => unknown = (v) => v) =>
    async () => {
      calls.push(method);
      const next = queues[method].shift();
      if (!next) return fallback();
      if (next.kind === "reject") throw next.error;
      return next.kind === "valid" ? fit(next.value) : next.value;
    };
  const sessionCall = (method: MachineMethod, status?: "ACTIVE" | "PAUSED" | "CANCELLED") => (id: string) =>
    answer(
      method,
      () => ({ session: makeSession({ id, ...(status ? { status } : {}) }) }),
      (value) => ({ session: { ...(value as { session: object }).session, id } }),
    )();
  return {
    getCurrentSession: answer("getCurrentSession", () => ({ session: null, conflict: null })),
    startSession: answer("startSession", () => ({ session: makeSession({ id: "new" }), abandonedSessionId: null })),
    getSession: sessionCall("getSession"),
    resumeSession: sessionCall("resumeSession", "ACTIVE"),
    pauseSession: sessionCall("pauseSession", "PAUSED"),
    cancelSession: sessionCall("cancelSession", "CANCELLED"),
    sendMessage: ((_id: string, input: { clientMessageId: string }) =>
      answer("sendMessage", () => ({ jobId: `job-${input.clientMessageId}`, messageId: `msg-${input.clientMessageId}`, status: "QUEUED" }))()) as CoachingApi["sendMessage"],
  } as Partial<CoachingApi>;
}

/** Outcomes hold errors and symbols: copy the arrays, keep the values. */
function structuredCloneScript(script: Script): Script {
  return Object.fromEntries(Object.entries(script).map(([k, v]) => [k, [...v]])) as Script;
}

/** One step of a run: a user event, a delivery event, or the page/clock moving. */
export type Step =
  | { kind: "user"; event: CoachingSessionEvent | { type: "RETRY" | "DISCARD"; pick: number } }
  | { kind: "complete"; pick: number; target: "tracked" | "unknown" | "other-session"; result: unknown }
  | { kind: "fail"; pick: number; target: "tracked" | "unknown" | "other-session"; error: unknown }
  | { kind: "progress"; pick: number; target: "tracked" | "unknown" | "other-session"; text: unknown }
  | { kind: "session.expired"; current: boolean; error: unknown }
  | { kind: "session.updated"; session: unknown }
  | { kind: "connection"; status: ConnectionStatus }
  | { kind: "delivery-error"; error: unknown }
  | { kind: "visibility"; visible: boolean; advanceMs: number };

const target = fc.constantFrom("tracked" as const, "tracked" as const, "unknown" as const, "other-session" as const);

/** Mostly non-final replies and ACTIVE/PAUSED updates, so runs last beyond the first event. */
const mostly = <T>(usual: T, other: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: other });
const reply = jobResult.chain((r) =>
  fc.record({ isFinal: mostly(false, fc.boolean()), sessionStatus: mostly("ACTIVE" as const, sessionStatus) }).map((o) => ({ ...r, ...o })),
);
const updatedSession = sessionWithId.chain((s) =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom("ACTIVE" as const, "PAUSED" as const) }, { weight: 1, arbitrary: sessionStatus }).map((status) => ({ ...s, status })),
);

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 95, maxLength: 120 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "   ", "hello") },
);
const userEvent = fc.oneof(
  { weight: 4, arbitrary: text.map((text) => ({ type: "SEND" as const, text })) },
  { weight: 2, arbitrary: fc.constantFrom<CoachingSessionEvent>({ type: "RESUME" }, { type: "RETRY" }) },
  { weight: 2, arbitrary: fc.constantFrom<CoachingSessionEvent>({ type: "START_NEW" }, { type: "PAUSE" }, { type: "CANCEL" }, { type: "REFRESH" }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom("RETRY" as const, "DISCARD" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).map((clientMessageId) => ({ type: "DISCARD" as const, clientMessageId })) },
);

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: userEvent.map((event) => ({ kind: "user" as const, event })) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("complete" as const), pick: fc.nat(), target, result: reply }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fail" as const), pick: fc.nat(), target, error: anyError }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("session.updated" as const), session: updatedSession }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("connection" as const), status: fc.constantFrom<ConnectionStatus>("idle", "connecting", "live", "polling", "offline", "closed") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delivery-error" as const), error: anyError }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("progress" as const),
      pick: fc.nat(),
      target,
      text: fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 42, {}) }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("session.expired" as const), current: fc.boolean(), error: anyError }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("visibility" as const), visible: fc.boolean(), advanceMs: fc.constantFrom(0, 1_000, 31 * 60_000) }) },
);

/** A delivery event as the (possibly malformed) delivery layer would emit it. */
export function deliveryEventOf(s: Exclude<Step, { kind: "user" | "visibility" }>, tracked: { jobId: string; sessionId: string; trackedAt: number }[], currentSession: string | undefined): DeliveryEvent {
  if (s.kind === "session.updated") return { type: "session.updated", session: s.session } as DeliveryEvent;
  if (s.kind === "connection") return { type: "connection", connection: { status: s.status, reason: "fuzz", since: 0 } };
  if (s.kind === "delivery-error") return { type: "error", error: s.error } as DeliveryEvent;
  if (s.kind === "session.expired") {
    return { type: "session.expired", sessionId: s.current ? (currentSession ?? "s1") : "someone-else", error: s.error } as DeliveryEvent;
  }
  const known = tracked.length > 0 ? tracked[s.pick % tracked.length]! : undefined;
  const job =
    s.target === "tracked" && known
      ? known
      : s.target === "other-session"
        ? { jobId: known?.jobId ?? "j1", sessionId: `not-${currentSession ?? "any"}`, trackedAt: 0 }
        : { jobId: `unknown-${s.pick}`, sessionId: currentSession ?? "s1", trackedAt: 0 };
  if (s.kind === "progress") return { type: "job.progress", job, seq: 1, text: s.text } as DeliveryEvent;
  return s.kind === "complete"
    ? ({ type: "job.completed", job, result: s.result, via: "socket" } as DeliveryEvent)
    : ({ type: "job.failed", job, error: s.error, via: "poll" } as DeliveryEvent);
}

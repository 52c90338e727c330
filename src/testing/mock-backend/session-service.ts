import type { SessionStatus } from "../../contract/session.js";
import type { BackendContext } from "./context.js";
import { isSessionExpired, toWireSession, type StoredSession } from "./store.js";

export type SessionLookup = { kind: "found"; session: StoredSession } | { kind: "expired" } | { kind: "missing" };

/**
 * Finds a session; one past its TTL (or expired on purpose) is reported as expired. With `user`,
 * another user's session is "missing" (even when expired), so a caller cannot tell it exists.
 * Without it (the scenario knobs), any user's session is found.
 */
export function findSession(ctx: BackendContext, id: string, user?: string): SessionLookup {
  const session = ctx.store.sessions.get(id);
  if (!session || (user !== undefined && session.userId !== user)) return { kind: "missing" };
  if (isSessionExpired(session, ctx.now(), ctx.config.sessionTtlMs)) return { kind: "expired" };
  return { kind: "found", session };
}

/** The user's newest ACTIVE or PAUSED session that has not expired, as `GET current` defines it. */
export function findCurrentSession(ctx: BackendContext, user: string): StoredSession | null {
  const now = ctx.now();
  let newest: StoredSession | null = null;
  for (const session of ctx.store.sessions.values()) {
    if (session.userId !== user) continue;
    if (session.status !== "ACTIVE" && session.status !== "PAUSED") continue;
    if (isSessionExpired(session, now, ctx.config.sessionTtlMs)) continue;
    newest = session;
  }
  return newest;
}

export function createSession(ctx: BackendContext, user: string): StoredSession {
  const now = ctx.now();
  const session: StoredSession = {
    id: ctx.ids.next("sess"),
    userId: user,
    status: "ACTIVE",
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
    messages: [],
    result: null,
    replacedBy: null,
    extracted: {},
    expired: false,
  };
  ctx.store.sessions.set(session.id, session);
  return session;
}

/**
 * Changes a session's status and tells its subscribers. Every status change emits
 * `session.updated`, whoever caused it: other tabs on the same session need to hear about it.
 */
export function setSessionStatus(ctx: BackendContext, session: StoredSession, status: SessionStatus): void {
  if (session.status === status) return;
  session.status = status;
  session.updatedAt = ctx.now();
  ctx.hub.publish(session.id, session.userId, { type: "session.updated", session: toWireSession(session, ctx.config.sessionTtlMs, false) });
}

/** Marks a session ABANDONED in favour of another one. */
export function abandonSession(ctx: BackendContext, session: StoredSession, replacedBy: string | null): void {
  session.replacedBy = replacedBy;
  setSessionStatus(ctx, session, "ABANDONED");
}

export type TransitionAction = "resume" | "pause" | "cancel";

const TARGET: Record<TransitionAction, SessionStatus> = { resume: "ACTIVE", pause: "PAUSED", cancel: "CANCELLED" };

/**
 * Which statuses each action accepts. Asking for the status a session already has is a no-op
 * success (two tabs pausing at once both succeed); anything from a final status is refused.
 */
const ALLOWED_FROM: Record<TransitionAction, readonly SessionStatus[]> = {
  resume: ["PAUSED", "ACTIVE"],
  pause: ["ACTIVE", "PAUSED"],
  cancel: ["ACTIVE", "PAUSED", "CANCELLED"],
};

export function canTransition(action: TransitionAction, from: SessionStatus): boolean {
  return ALLOWED_FROM[action].includes(from);
}

export function applyTransition(ctx: BackendContext, session: StoredSession, action: TransitionAction): void {
  if (action === "resume") session.lastActivityAt = ctx.now();
  setSessionStatus(ctx, session, TARGET[action]);
}

import { startSessionRequestSchema } from "../../contract/responses.js";
import type { BackendContext } from "./context.js";
import { errorResponse, jsonResponse } from "./http-responses.js";
import { invalidBody, sessionUnavailable } from "./route-errors.js";
import {
  abandonSession,
  applyTransition,
  canTransition,
  createSession,
  findCurrentSession,
  findSession,
  type TransitionAction,
} from "./session-service.js";
import { toWireSession } from "./store.js";
import type { MockHttpResponse } from "./types.js";

/** The caller's newest open session. The tenant conflict (`scenario.setConflict`) is shown to every user. */
export function getCurrentSession(ctx: BackendContext, user: string): MockHttpResponse {
  const current = findCurrentSession(ctx, user);
  return jsonResponse(200, {
    session: current ? toWireSession(current, ctx.config.sessionTtlMs) : null,
    conflict: ctx.store.conflict,
  });
}

/**
 * Starts a session. Only the session named in `replaceSessionId` is abandoned; other open
 * sessions are left as they are (`GET current` shows the newest). Naming another user's session
 * is refused with 404 and starts nothing; an unknown or expired id is ignored, as it always was.
 */
export function startSession(ctx: BackendContext, body: unknown, user: string): MockHttpResponse {
  const parsed = startSessionRequestSchema.safeParse(body ?? {});
  if (!parsed.success) return invalidBody(parsed.error.issues);
  if (ctx.store.conflict) {
    return errorResponse(409, "TENANT_CONFLICT", "Another user holds the coaching session for this tenant.", {
      body: { conflict: ctx.store.conflict },
    });
  }
  const replaceId = parsed.data.replaceSessionId;
  const target = replaceId ? ctx.store.sessions.get(replaceId) : undefined;
  if (target && target.userId !== user) return sessionUnavailable(ctx, "missing");
  const replaced = replaceId ? findSession(ctx, replaceId, user) : null;
  const session = createSession(ctx, user);
  let abandonedSessionId: string | null = null;
  if (replaced?.kind === "found" && (replaced.session.status === "ACTIVE" || replaced.session.status === "PAUSED")) {
    abandonSession(ctx, replaced.session, session.id);
    abandonedSessionId = replaced.session.id;
  }
  return jsonResponse(201, { session: toWireSession(session, ctx.config.sessionTtlMs), abandonedSessionId });
}

export function getSession(ctx: BackendContext, id: string, user: string): MockHttpResponse {
  const lookup = findSession(ctx, id, user);
  if (lookup.kind !== "found") return sessionUnavailable(ctx, lookup.kind);
  return jsonResponse(200, { session: toWireSession(lookup.session, ctx.config.sessionTtlMs) });
}

export function transitionSession(ctx: BackendContext, id: string, action: TransitionAction, user: string): MockHttpResponse {
  const lookup = findSession(ctx, id, user);
  if (lookup.kind !== "found") return sessionUnavailable(ctx, lookup.kind);
  const { session } = lookup;
  if (!canTransition(action, session.status)) {
    return errorResponse(409, "INVALID_TRANSITION", `Cannot ${action} a session that is ${session.status}.`, { retryable: false });
  }
  applyTransition(ctx, session, action);
  return jsonResponse(200, { session: toWireSession(session, ctx.config.sessionTtlMs) });
}

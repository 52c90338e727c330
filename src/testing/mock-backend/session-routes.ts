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

export function getCurrentSession(ctx: BackendContext): MockHttpResponse {
  const current = findCurrentSession(ctx);
  return jsonResponse(200, {
    session: current ? toWireSession(current, ctx.config.sessionTtlMs) : null,
    conflict: ctx.store.conflict,
  });
}

/**
 * Starts a session. Only the session named in `replaceSessionId` is abandoned; other open
 * sessions are left as they are (`GET current` shows the newest).
 */
export function startSession(ctx: BackendContext, body: unknown): MockHttpResponse {
  const parsed = startSessionRequestSchema.safeParse(body ?? {});
  if (!parsed.success) return invalidBody(parsed.error.issues);
  if (ctx.store.conflict) {
    return errorResponse(409, "TENANT_CONFLICT", "Another user holds the coaching session for this tenant.", {
      body: { conflict: ctx.store.conflict },
    });
  }
  const replaced = parsed.data.replaceSessionId ? findSession(ctx, parsed.data.replaceSessionId) : null;
  const session = createSession(ctx);
  let abandonedSessionId: string | null = null;
  if (replaced?.kind === "found" && (replaced.session.status === "ACTIVE" || replaced.session.status === "PAUSED")) {
    abandonSession(ctx, replaced.session, session.id);
    abandonedSessionId = replaced.session.id;
  }
  return jsonResponse(201, { session: toWireSession(session, ctx.config.sessionTtlMs), abandonedSessionId });
}

export function getSession(ctx: BackendContext, id: string): MockHttpResponse {
  const lookup = findSession(ctx, id);
  if (lookup.kind !== "found") return sessionUnavailable(ctx, lookup.kind);
  return jsonResponse(200, { session: toWireSession(lookup.session, ctx.config.sessionTtlMs) });
}

export function transitionSession(ctx: BackendContext, id: string, action: TransitionAction): MockHttpResponse {
  const lookup = findSession(ctx, id);
  if (lookup.kind !== "found") return sessionUnavailable(ctx, lookup.kind);
  const { session } = lookup;
  if (!canTransition(action, session.status)) {
    return errorResponse(409, "INVALID_TRANSITION", `Cannot ${action} a session that is ${session.status}.`, { retryable: false });
  }
  applyTransition(ctx, session, action);
  return jsonResponse(200, { session: toWireSession(session, ctx.config.sessionTtlMs) });
}

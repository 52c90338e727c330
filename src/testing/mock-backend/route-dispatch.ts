import type { BackendContext } from "./context.js";
import { getJob, sendMessage } from "./message-routes.js";
import type { RouteMatch } from "./route-table.js";
import { getCurrentSession, getSession, startSession, transitionSession } from "./session-routes.js";
import { errorResponse } from "./http-responses.js";
import type { MockHttpResponse } from "./types.js";

/**
 * Runs the route's handler for the calling `user`; the pipeline in `handle-request.ts` has done
 * auth and idempotency.
 */
export function dispatchRoute(ctx: BackendContext, match: RouteMatch, body: unknown, user: string): MockHttpResponse {
  const id = match.id ?? "";
  switch (match.route) {
    case "getCurrentSession":
      return getCurrentSession(ctx, user);
    case "startSession":
      return startSession(ctx, body, user);
    case "getSession":
      return getSession(ctx, id, user);
    case "resumeSession":
      return transitionSession(ctx, id, "resume", user);
    case "pauseSession":
      return transitionSession(ctx, id, "pause", user);
    case "cancelSession":
      return transitionSession(ctx, id, "cancel", user);
    case "sendMessage":
      return sendMessage(ctx, id, body, user);
    case "getJob":
      return getJob(ctx, id, user);
    case "cancelJob":
      // Contract v1.1's stop route is not mocked yet: answer as a v1 backend without it would.
      return errorResponse(404, "NOT_FOUND", "This mock has no cancel route (contract v1).");
  }
}

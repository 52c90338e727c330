import type { BackendContext } from "./context.js";
import { getJob, sendMessage } from "./message-routes.js";
import type { RouteMatch } from "./route-table.js";
import { getCurrentSession, getSession, startSession, transitionSession } from "./session-routes.js";
import type { MockHttpResponse } from "./types.js";

/** Runs the route's handler; the pipeline in `handle-request.ts` has done auth and idempotency. */
export function dispatchRoute(ctx: BackendContext, match: RouteMatch, body: unknown): MockHttpResponse {
  const id = match.id ?? "";
  switch (match.route) {
    case "getCurrentSession":
      return getCurrentSession(ctx);
    case "startSession":
      return startSession(ctx, body);
    case "getSession":
      return getSession(ctx, id);
    case "resumeSession":
      return transitionSession(ctx, id, "resume");
    case "pauseSession":
      return transitionSession(ctx, id, "pause");
    case "cancelSession":
      return transitionSession(ctx, id, "cancel");
    case "sendMessage":
      return sendMessage(ctx, id, body);
    case "getJob":
      return getJob(ctx, id);
  }
}

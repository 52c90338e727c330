import type { BackendContext } from "./context.js";
import { errorResponse } from "./http-responses.js";
import type { MockHttpResponse } from "./types.js";

/** 400 for a body the contract's request schema rejects. */
export function invalidBody(issues: readonly { path: readonly PropertyKey[]; message: string }[]): MockHttpResponse {
  const detail = issues.map((issue) => `${issue.path.map(String).join(".") || "(body)"}: ${issue.message}`).join("; ");
  return errorResponse(400, "VALIDATION_ERROR", `Invalid request body: ${detail}`, { retryable: false });
}

/** A session id that is unknown (404) or known but expired (`expiredStatus`, 410 by default). */
export function sessionUnavailable(ctx: BackendContext, kind: "expired" | "missing"): MockHttpResponse {
  if (kind === "missing") return errorResponse(404, "SESSION_NOT_FOUND", "No session has this id.", { retryable: false });
  return errorResponse(ctx.config.expiredStatus, "SESSION_EXPIRED", "The session has expired.", { retryable: false });
}

/** The same for job ids. */
export function jobUnavailable(ctx: BackendContext, kind: "expired" | "missing"): MockHttpResponse {
  if (kind === "missing") return errorResponse(404, "JOB_NOT_FOUND", "No job has this id.", { retryable: false });
  return errorResponse(ctx.config.expiredStatus, "JOB_EXPIRED", "The job has expired; re-read the session transcript.", { retryable: false });
}

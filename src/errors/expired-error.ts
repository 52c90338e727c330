import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

export type ExpiredResource = "session" | "job";

/**
 * The session or job no longer exists (404/410, TTL cleanup). A normal outcome: start a new
 * session, or re-read the session transcript for an expired job's reply.
 */
export class ExpiredError extends CoachingError {
  override name = "ExpiredError" as const;
  declare readonly code: "SESSION_EXPIRED" | "JOB_EXPIRED";
  declare readonly resource: ExpiredResource;
  declare readonly id: string | undefined;
  declare readonly status: number | undefined;

  constructor(resource: ExpiredResource, options: CoachingErrorOptions & { id?: string; status?: number } = {}) {
    super(
      resource === "session" ? "SESSION_EXPIRED" : "JOB_EXPIRED",
      resource === "session"
        ? "The coaching session has expired; start a new one"
        : "The job has expired; the reply can be read from the session transcript",
      options,
    );
    this.resource = resource;
    this.id = options.id;
    this.status = options.status;
  }
}

import type { Conflict } from "../contract/conflict.js";
import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

/** Another user of the tenant holds a conflicting session (`409 TENANT_CONFLICT`). */
export class ConflictError extends CoachingError {
  override name = "ConflictError" as const;
  declare readonly code: "TENANT_CONFLICT";
  declare readonly conflict: Conflict | null;
  declare readonly status: 409;

  constructor(conflict: Conflict | null, options: CoachingErrorOptions = {}) {
    super("TENANT_CONFLICT", conflict?.guidance ?? "Another user holds a conflicting coaching session", options);
    this.conflict = conflict;
    this.status = 409;
  }
}

import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

/** One schema problem, as zod reports it. */
export interface ValidationIssue {
  path: PropertyKey[];
  message: string;
  code?: string | undefined;
}

/** A server payload did not match the contract (missing or mistyped required fields, not JSON). */
export class ValidationError extends CoachingError {
  override name = "ValidationError" as const;
  declare readonly code: "VALIDATION_ERROR";
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], options: CoachingErrorOptions = {}) {
    const first = issues[0];
    const where = first ? ` (${first.path.map(String).join(".") || "body"}: ${first.message})` : "";
    super("VALIDATION_ERROR", `${options.operation ?? "response"} did not match the contract${where}`, options);
    this.issues = issues;
  }
}

import { CoachingError, type CoachingErrorOptions } from "./coaching-error.js";

/** One schema problem, as zod reports it. */
export interface ValidationIssue {
  path: PropertyKey[];
  message: string;
  code?: string | undefined;
}

/** What failed validation: the server's payload, or an argument the SDK refused to send. */
export type ValidationSource = "response" | "argument";

/**
 * A server payload did not match the contract (missing or mistyped required fields, not JSON), or
 * a call's argument could not be sent safely (an empty id, an empty `clientMessageId`).
 */
export class ValidationError extends CoachingError {
  override name = "ValidationError" as const;
  declare readonly code: "VALIDATION_ERROR";
  declare readonly issues: ValidationIssue[];
  declare readonly source: ValidationSource;

  constructor(issues: ValidationIssue[], options: CoachingErrorOptions & { source?: ValidationSource } = {}) {
    const first = issues[0];
    const source = options.source ?? "response";
    const where = first ? ` (${first.path.map(String).join(".") || "body"}: ${first.message})` : "";
    super(
      "VALIDATION_ERROR",
      source === "argument"
        ? `${options.operation ?? "call"} was given an invalid argument${where}`
        : `${options.operation ?? "response"} did not match the contract${where}`,
      options,
    );
    this.issues = issues;
    this.source = source;
  }
}

import type { CoachingOperation } from "../errors/coaching-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";

/** The shape of a zod schema that validation needs; keeps callers free of zod generics. */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: ValidationIssue[] } };
}

/**
 * Checks a server answer against the contract: returns the parsed value, or throws a
 * `ValidationError` with the path, message and code of each of zod's issues. Shared by the client
 * and the machine, which re-checks what a user-supplied `CoachingApi` returns.
 */
export function validateResponse<T>(
  schema: ResponseSchema<T>,
  data: unknown,
  options: { operation: CoachingOperation; requestId?: string | undefined },
): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message, code: issue.code })),
    options,
  );
}

import type { CoachingOperation } from "../errors/coaching-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";

/**
 * Ids go into the URL path, where an empty id or a dot segment (even percent-encoded, URLs resolve
 * `%2E%2E`) would address another route: `sendMessage("..")` would POST to `/coaching/messages`.
 */
export function checkPathId(operation: CoachingOperation, name: string, id: unknown): void {
  if (typeof id === "string" && id !== "" && id !== "." && id !== "..") return;
  reject(operation, [{ path: [name], message: 'must be a non-empty string other than "." and ".."', code: "invalid_argument" }]);
}

/** An empty `clientMessageId` would send no Idempotency-Key, and a retried send could post twice. */
export function checkMessageInput(operation: CoachingOperation, input: unknown): void {
  const { content, clientMessageId } = (input ?? {}) as { content?: unknown; clientMessageId?: unknown };
  const issues: ValidationIssue[] = [];
  if (typeof content !== "string") issues.push({ path: ["content"], message: "must be a string", code: "invalid_argument" });
  if (typeof clientMessageId !== "string" || clientMessageId === "") {
    issues.push({ path: ["clientMessageId"], message: "must be a non-empty string", code: "invalid_argument" });
  }
  if (issues.length > 0) reject(operation, issues);
}

function reject(operation: CoachingOperation, issues: ValidationIssue[]): never {
  throw new ValidationError(issues, { operation, source: "argument" });
}

import type { CoachingOperation } from "../errors/coaching-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";

/**
 * Ids go into the URL path, where an empty id or a dot segment (even percent-encoded, URLs resolve
 * `%2E%2E`) would address another route: `sendMessage("..")` would POST to `/coaching/messages`.
 * An id with a lone surrogate cannot be encoded at all.
 */
export function checkPathId(operation: CoachingOperation, name: string, id: unknown): void {
  if (typeof id === "string" && id !== "" && id !== "." && id !== ".." && isEncodable(id)) return;
  reject(operation, [
    { path: [name], message: 'must be a non-empty string other than "." and "..", without lone surrogates', code: "invalid_argument" },
  ]);
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

/**
 * The idempotency key travels as a header: a value `fetch` refuses (a newline, NUL, any character
 * past U+00FF) would surface as a retryable NetworkError though nothing was ever sent.
 */
export function checkHeaderValue(operation: CoachingOperation, name: string, value: string): void {
  if (isHeaderValue(value)) return;
  reject(operation, [
    { path: [name], message: "must be a legal HTTP header value (no line breaks, NUL, or characters past U+00FF)", code: "invalid_argument" },
  ]);
}

/** Whether `fetch` would accept the value in a header: `Headers` validates values as `fetch` does. */
export function isHeaderValue(value: string): boolean {
  try {
    new Headers({ "x-probe": value });
    return true;
  } catch {
    return false;
  }
}

/** `encodeURIComponent` throws a URIError exactly on an unpaired UTF-16 surrogate. */
function isEncodable(id: string): boolean {
  try {
    encodeURIComponent(id);
    return true;
  } catch {
    return false;
  }
}

function reject(operation: CoachingOperation, issues: ValidationIssue[]): never {
  throw new ValidationError(issues, { operation, source: "argument" });
}

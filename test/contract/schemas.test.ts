import { describe, expect, it } from "vitest";
import {
  conflictSchema,
  currentSessionResponseSchema,
  errorBodySchema,
  jobSchema,
  messageSchema,
  sendMessageRequestSchema,
  sendMessageResponseSchema,
  sessionResponseSchema,
  sessionSchema,
  startSessionRequestSchema,
  startSessionResponseSchema,
} from "../../src/contract/index.js";
import { conflict, errorBody, job, jobResult, message, session } from "../api/support/fixtures.js";

interface Schema {
  safeParse(data: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[] }[] } };
}

/** For each schema: a valid payload, then required fields to drop and fields to mistype. */
const cases: { name: string; schema: Schema; valid: Record<string, unknown>; required: string[]; mistyped: [string, unknown][] }[] = [
  {
    name: "message",
    schema: messageSchema,
    valid: message({ clientMessageId: "c1", jobId: "j1" }),
    required: ["id", "role", "content", "createdAt"],
    mistyped: [["role", "system"], ["content", 5], ["clientMessageId", 1], ["jobId", null]],
  },
  {
    name: "session",
    schema: sessionSchema,
    valid: session({ result: { summary: "done", extracted: { goal: "x" } }, replacedBy: null }),
    required: ["id", "status", "createdAt", "updatedAt", "lastActivityAt", "expiresAt"],
    mistyped: [["status", "DONE"], ["messages", {}], ["result", { summary: 1 }], ["replacedBy", 7], ["id", 1]],
  },
  {
    name: "conflict",
    schema: conflictSchema,
    valid: conflict(),
    required: ["code", "heldBy", "since", "guidance"],
    mistyped: [["code", "OTHER"], ["heldBy", "Ada"], ["since", 0]],
  },
  {
    name: "job",
    schema: jobSchema,
    valid: job({ status: "COMPLETED", result: jobResult({ isFinal: true, result: { summary: "s", extracted: {} } }) }),
    required: ["jobId", "sessionId", "status"],
    mistyped: [["status", "DONE"], ["result", { reply: "hi" }], ["error", { code: "X", message: "m" }], ["jobId", 3]],
  },
  {
    name: "currentSessionResponse",
    schema: currentSessionResponseSchema,
    valid: { session: session(), conflict: conflict() },
    required: ["session", "conflict"],
    mistyped: [["session", "s1"], ["conflict", true]],
  },
  {
    name: "startSessionResponse",
    schema: startSessionResponseSchema,
    valid: { session: session(), abandonedSessionId: "s0" },
    required: ["session", "abandonedSessionId"],
    mistyped: [["session", null], ["abandonedSessionId", 1]],
  },
  {
    name: "sessionResponse",
    schema: sessionResponseSchema,
    valid: { session: session() },
    required: ["session"],
    mistyped: [["session", []]],
  },
  {
    name: "sendMessageResponse",
    schema: sendMessageResponseSchema,
    valid: { jobId: "j1", messageId: "m1", status: "QUEUED" },
    required: ["jobId", "messageId", "status"],
    mistyped: [["status", "COMPLETED"], ["jobId", null]],
  },
  {
    name: "errorBody",
    schema: errorBodySchema,
    valid: errorBody("BAD", "bad", { conflict: conflict() }),
    required: ["error"],
    mistyped: [["error", "BAD"], ["conflict", { code: "X" }]],
  },
  {
    name: "sendMessageRequest",
    schema: sendMessageRequestSchema,
    valid: { content: "hi", clientMessageId: "c1" },
    required: ["content", "clientMessageId"],
    mistyped: [["content", 1]],
  },
];

describe.each(cases)("$name schema", ({ schema, valid, required, mistyped }) => {
  it("accepts a valid payload", () => {
    expect(schema.safeParse(valid)).toMatchObject({ success: true, data: valid });
  });

  it("ignores unknown fields (forward compatible)", () => {
    const result = schema.safeParse({ ...valid, addedLater: { nested: true } });
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it.each(required)("rejects a payload missing %s", (field) => {
    const { [field]: _dropped, ...rest } = valid;
    const result = schema.safeParse(rest);
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path[0] === field)).toBe(true);
  });

  it.each(mistyped)("rejects a mistyped %s", (field, value) => {
    const result = schema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });

  it.each([null, [], "text", 42])("rejects a non-object (%j)", (value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});

describe("nullable and optional fields", () => {
  it("current session may be null with no conflict", () => {
    expect(currentSessionResponseSchema.safeParse({ session: null, conflict: null }).success).toBe(true);
  });

  it("a session without messages, result or replacedBy is valid", () => {
    const { messages: _m, ...bare } = session();
    expect(sessionSchema.safeParse(bare).success).toBe(true);
  });

  it("startSession request accepts an empty body and a replaceSessionId only", () => {
    expect(startSessionRequestSchema.safeParse({}).success).toBe(true);
    expect(startSessionRequestSchema.safeParse({ replaceSessionId: "s0" }).success).toBe(true);
    expect(startSessionRequestSchema.safeParse({ replaceSessionId: 1 }).success).toBe(false);
  });

  it("a job's error needs code, message and retryable", () => {
    expect(jobSchema.safeParse(job({ status: "FAILED", error: { code: "X", message: "m", retryable: false } })).success).toBe(true);
    expect(jobSchema.safeParse(job({ status: "FAILED", error: { code: "X", message: "m" } })).success).toBe(false);
  });

  it("nested unknown fields pass too", () => {
    const payload = { session: session({ messages: [message({ reactions: ["+1"] })] }) };
    expect(sessionResponseSchema.safeParse(payload).success).toBe(true);
  });
});

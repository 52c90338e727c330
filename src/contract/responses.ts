import * as z from "./zod.js";
import { conflictSchema } from "./conflict.js";
import { sessionSchema } from "./session.js";

/** `GET /coaching/sessions/current` */
export const currentSessionResponseSchema = z.object({
  session: z.nullable(sessionSchema),
  conflict: z.nullable(conflictSchema),
});
export type CurrentSessionResponse = z.output<typeof currentSessionResponseSchema>;

/** `POST /coaching/sessions` */
export const startSessionResponseSchema = z.object({
  session: sessionSchema,
  abandonedSessionId: z.nullable(z.string()),
});
export type StartSessionResponse = z.output<typeof startSessionResponseSchema>;

/** `GET /coaching/sessions/{id}`, resume, pause and cancel. */
export const sessionResponseSchema = z.object({ session: sessionSchema });
export type SessionResponse = z.output<typeof sessionResponseSchema>;

/** `POST /coaching/sessions/{id}/messages` (202) */
export const sendMessageResponseSchema = z.object({
  jobId: z.string(),
  messageId: z.string(),
  status: z.literal("QUEUED"),
});
export type SendMessageResponse = z.output<typeof sendMessageResponseSchema>;

/** The body of any 4xx/5xx. `conflict` rides along on `409 TENANT_CONFLICT`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    retryable: z.optional(z.boolean()),
  }),
  conflict: z.optional(conflictSchema),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

// Built in pure-marked functions so that app bundles, which never use them, drop them whole.
/** Request bodies, for servers and mocks that validate what the SDK sends. */
export const startSessionRequestSchema = /* @__PURE__ */ (() => z.object({ replaceSessionId: z.optional(z.string()) }))();
export type StartSessionRequest = z.output<typeof startSessionRequestSchema>;

export const sendMessageRequestSchema = /* @__PURE__ */ (() => z.object({ content: z.string(), clientMessageId: z.string() }))();
export type SendMessageRequest = z.output<typeof sendMessageRequestSchema>;

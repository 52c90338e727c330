import type { Message } from "../../contract/message.js";
import { sendMessageRequestSchema } from "../../contract/responses.js";
import type { BackendContext } from "./context.js";
import { errorResponse, jsonResponse } from "./http-responses.js";
import { enqueueJob } from "./job-runner.js";
import { invalidBody, sessionUnavailable } from "./route-errors.js";
import { findSession } from "./session-service.js";
import type { MockHttpResponse } from "./types.js";

/**
 * Stores the user message at once and queues its job. A `clientMessageId` already stored in the
 * session gets the original answer back, even under a new `Idempotency-Key`: the server keeps each
 * message once, which is what `messagesByClientId` lets tests prove.
 */
export function sendMessage(ctx: BackendContext, sessionId: string, body: unknown, user: string): MockHttpResponse {
  const parsed = sendMessageRequestSchema.safeParse(body);
  if (!parsed.success) return invalidBody(parsed.error.issues);
  const { content, clientMessageId } = parsed.data;
  if (content.length > ctx.config.maxMessageLength) {
    return errorResponse(413, "MESSAGE_TOO_LARGE", `Messages are limited to ${ctx.config.maxMessageLength} characters.`, { retryable: false });
  }
  const lookup = findSession(ctx, sessionId, user);
  if (lookup.kind !== "found") return sessionUnavailable(ctx, lookup.kind);
  const { session } = lookup;

  const stored = session.messages.find((message) => message.role === "user" && message.clientMessageId === clientMessageId);
  if (stored) return jsonResponse(202, { jobId: stored.jobId, messageId: stored.id, status: "QUEUED" });
  if (session.status !== "ACTIVE") {
    return errorResponse(409, "SESSION_NOT_ACTIVE", `The session is ${session.status}; resume it before sending.`, { retryable: false });
  }

  const now = ctx.now();
  const jobId = ctx.ids.next("job");
  const message: Message = { id: ctx.ids.next("msg"), role: "user", content, createdAt: new Date(now).toISOString(), clientMessageId, jobId };
  session.messages.push(message);
  session.lastActivityAt = now;
  session.updatedAt = now;
  enqueueJob(ctx, session, message, jobId);
  return jsonResponse(202, { jobId, messageId: message.id, status: "QUEUED" });
}

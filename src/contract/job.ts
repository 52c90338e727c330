import * as z from "./zod.js";
import { messageSchema } from "./message.js";
import { coachingResultSchema, type SessionStatus } from "./session.js";

export const jobStatusSchema = z.enum(["QUEUED", "PROCESSING", "COMPLETED", "FAILED"]);
export type JobStatus = z.output<typeof jobStatusSchema>;

export const jobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
});
export type JobError = z.output<typeof jobErrorSchema>;

/**
 * Numbers the streamed chunks of one job's reply, from 1 (contract v1.1). A number here: a `seq`
 * that is not a whole count of chunks (0 for a partial with no text yet, or negative, or 1.5) is
 * the delivery's to judge, which skips such a chunk with a warning instead of failing the whole
 * frame or poll; it also keeps zod's number checks out of app bundles.
 */
export const chunkSeqSchema = z.number();

/** The text of chunks 1..seq of a PROCESSING job, whole (contract v1.1). */
export const jobPartialSchema = z.object({ seq: chunkSeqSchema, text: z.string() });
export type JobPartial = z.output<typeof jobPartialSchema>;

export const jobResultSchema = z.object({
  reply: messageSchema,
  isFinal: z.boolean(),
  result: z.optional(coachingResultSchema),
  // Any string: a reply must not be dropped because a newer backend names a status this SDK does
  // not know. `isSessionStatus` tells the known ones apart.
  sessionStatus: z.custom<SessionStatus | (string & {})>((value) => typeof value === "string"),
  /** v1.1: the reply was cut short by `cancelJob`; it holds the text produced until then. */
  stopped: z.optional(z.boolean()),
});
export type JobResult = z.output<typeof jobResultSchema>;

export const jobSchema = z.object({
  jobId: z.string(),
  sessionId: z.string(),
  status: jobStatusSchema,
  result: z.optional(jobResultSchema),
  error: z.optional(jobErrorSchema),
  /** v1.1: the reply streamed so far, while PROCESSING. */
  partial: z.optional(z.nullable(jobPartialSchema)),
});
export type Job = z.output<typeof jobSchema>;

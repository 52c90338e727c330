import * as z from "./zod.js";
import { messageSchema } from "./message.js";
import { coachingResultSchema, sessionStatusSchema } from "./session.js";

export const jobStatusSchema = z.enum(["QUEUED", "PROCESSING", "COMPLETED", "FAILED"]);
export type JobStatus = z.output<typeof jobStatusSchema>;

export const jobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
});
export type JobError = z.output<typeof jobErrorSchema>;

export const jobResultSchema = z.object({
  reply: messageSchema,
  isFinal: z.boolean(),
  result: z.optional(coachingResultSchema),
  // A status this SDK does not know yet (a newer backend) must not make the whole reply unreadable.
  sessionStatus: z.string() as unknown as typeof sessionStatusSchema,
  stopped: z.optional(z.boolean()),
});
export type JobResult = z.output<typeof jobResultSchema>;

export const jobSchema = z.object({
  jobId: z.string(),
  sessionId: z.string(),
  status: jobStatusSchema,
  result: z.optional(jobResultSchema),
  error: z.optional(jobErrorSchema),
  partial: z.optional(z.nullable(z.object({ seq: z.number(), text: z.string() }))),
});
export type Job = z.output<typeof jobSchema>;

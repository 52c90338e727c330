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
  sessionStatus: sessionStatusSchema,
});
export type JobResult = z.output<typeof jobResultSchema>;

export const jobSchema = z.object({
  jobId: z.string(),
  sessionId: z.string(),
  status: jobStatusSchema,
  result: z.optional(jobResultSchema),
  error: z.optional(jobErrorSchema),
});
export type Job = z.output<typeof jobSchema>;

import * as z from "./zod.js";
import { messageSchema } from "./message.js";

export const sessionStatusSchema = z.enum(["ACTIVE", "PAUSED", "COMPLETED", "CANCELLED", "ABANDONED"]);
export type SessionStatus = z.output<typeof sessionStatusSchema>;

/** Whether a status string from the server is one this SDK knows (a reply may carry a newer one). */
export const isSessionStatus = (value: string): value is SessionStatus => (sessionStatusSchema.options as string[]).includes(value);

export const coachingResultSchema = z.object({
  summary: z.string(),
  extracted: z.record(z.string(), z.unknown()),
});
export type CoachingResult = z.output<typeof coachingResultSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  status: sessionStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  lastActivityAt: z.string(),
  expiresAt: z.string(),
  messages: z.optional(z.array(messageSchema)),
  result: z.optional(z.nullable(coachingResultSchema)),
  replacedBy: z.optional(z.nullable(z.string())),
});
export type Session = z.output<typeof sessionSchema>;

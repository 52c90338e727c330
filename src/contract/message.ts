import * as z from "./zod.js";

export const messageRoleSchema = z.enum(["user", "coach"]);
export type MessageRole = z.output<typeof messageRoleSchema>;

export const messageSchema = z.object({
  id: z.string(),
  role: messageRoleSchema,
  content: z.string(),
  createdAt: z.string(),
  clientMessageId: z.optional(z.string()),
  jobId: z.optional(z.string()),
});
export type Message = z.output<typeof messageSchema>;

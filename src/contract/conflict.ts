import * as z from "./zod.js";

export const conflictSchema = z.object({
  code: z.literal("SESSION_HELD_BY_OTHER_USER"),
  heldBy: z.object({ displayName: z.optional(z.string()) }),
  since: z.string(),
  guidance: z.string(),
});
export type Conflict = z.output<typeof conflictSchema>;

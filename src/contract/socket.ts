import * as z from "./zod.js";
import { chunkSeqSchema, jobErrorSchema, jobResultSchema } from "./job.js";
import { sessionSchema } from "./session.js";

/** Frames over this size are refused by the gateway, and skipped by the SDK. */
export const MAX_FRAME_BYTES = 32 * 1024;

export const readyFrameSchema = z.object({ type: z.literal("ready") });
export const subscribedFrameSchema = z.object({ type: z.literal("subscribed"), sessionId: z.string() });
export const pongFrameSchema = z.object({ type: z.literal("pong") });

export const jobCompletedEventSchema = z.object({
  type: z.literal("job.completed"),
  eventId: z.string(),
  jobId: z.string(),
  sessionId: z.string(),
  result: jobResultSchema,
});
export type JobCompletedEvent = z.output<typeof jobCompletedEventSchema>;

export const jobFailedEventSchema = z.object({
  type: z.literal("job.failed"),
  eventId: z.string(),
  jobId: z.string(),
  sessionId: z.string(),
  error: jobErrorSchema,
});
export type JobFailedEvent = z.output<typeof jobFailedEventSchema>;

/**
 * v1.1: one streamed chunk of a PROCESSING job's reply. Best effort: chunks may repeat, arrive out
 * of order or go missing; the text so far is the deltas 1..seq joined in `seq` order.
 */
export const jobProgressEventSchema = z.object({
  type: z.literal("job.progress"),
  eventId: z.string(),
  jobId: z.string(),
  sessionId: z.string(),
  seq: chunkSeqSchema,
  delta: z.string(),
});
export type JobProgressEvent = z.output<typeof jobProgressEventSchema>;

export const sessionUpdatedEventSchema = z.object({
  type: z.literal("session.updated"),
  eventId: z.string(),
  session: sessionSchema,
});
export type SessionUpdatedEvent = z.output<typeof sessionUpdatedEventSchema>;

// The SDK itself picks a frame's schema by `type` (`parseServerFrame`): marked pure, this union,
// and zod's discriminated-union code with it, stay out of app bundles that do not use it.
/** Every server frame the SDK understands, discriminated by `type`. */
export const serverFrameSchema = /* @__PURE__ */ z.discriminatedUnion("type", [
  readyFrameSchema,
  subscribedFrameSchema,
  pongFrameSchema,
  jobCompletedEventSchema,
  jobFailedEventSchema,
  jobProgressEventSchema,
  sessionUpdatedEventSchema,
]);
export type ServerFrame = z.output<typeof serverFrameSchema>;
export type ServerEvent = JobCompletedEvent | JobFailedEvent | JobProgressEvent | SessionUpdatedEvent;

/** The schema of each server frame, by `type`: the options of `serverFrameSchema`, for picking one. */
export const serverFrameSchemasByType = {
  ready: readyFrameSchema,
  subscribed: subscribedFrameSchema,
  pong: pongFrameSchema,
  "job.completed": jobCompletedEventSchema,
  "job.failed": jobFailedEventSchema,
  "job.progress": jobProgressEventSchema,
  "session.updated": sessionUpdatedEventSchema,
};

export const KNOWN_SERVER_FRAME_TYPES: ReadonlySet<string> = new Set(Object.keys(serverFrameSchemasByType));

export type ClientFrame =
  | { type: "auth"; token: string }
  | { type: "subscribe"; sessionId: string }
  | { type: "ping" };

// Built in a pure-marked function so that app bundles, which never use it, drop it whole (a pure
// mark on the outer call alone would keep the inner calls).
/** What the client sends, for servers and mocks that validate it. */
export const clientFrameSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("auth"), token: z.string() }),
    z.object({ type: z.literal("subscribe"), sessionId: z.string() }),
    z.object({ type: z.literal("ping") }),
  ]))();

/** WebSocket close codes of the contract. All but `FORBIDDEN` are followed by a reconnect. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  DROPPED: 1006,
  POLICY: 1008,
  TOO_BIG: 1009,
  UNAUTHORIZED: 4401,
  FORBIDDEN: 4403,
} as const;

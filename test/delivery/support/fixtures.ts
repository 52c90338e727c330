/** Contract-valid payloads for delivery tests; spread and override per test. */
export const BASE = "https://api.test/v1";
/** Distinctive, so a leak into logs or errors is easy to spot. */
export const TOKEN = "tok_SECRET-delivery-do-not-leak";

const at = "2025-01-01T00:00:00.000Z";

export const jobResult = (jobId = "j1", over: Record<string, unknown> = {}) => ({
  reply: { id: `reply-${jobId}`, role: "coach", content: `answer to ${jobId}`, createdAt: at, jobId },
  isFinal: false,
  sessionStatus: "ACTIVE",
  ...over,
});

export const session = (over: Record<string, unknown> = {}) => ({
  id: "s1",
  status: "PAUSED",
  createdAt: at,
  updatedAt: at,
  lastActivityAt: at,
  expiresAt: "2025-01-02T00:00:00.000Z",
  ...over,
});

let eventCounter = 0;
const nextEventId = () => `evt-${++eventCounter}`;

export const completedEvent = (jobId: string, over: Record<string, unknown> = {}) => ({
  type: "job.completed",
  eventId: nextEventId(),
  jobId,
  sessionId: "s1",
  result: jobResult(jobId),
  ...over,
});

export const failedEvent = (jobId: string, over: Record<string, unknown> = {}) => ({
  type: "job.failed",
  eventId: nextEventId(),
  jobId,
  sessionId: "s1",
  error: { code: "MODEL_ERROR", message: "the model failed", retryable: true },
  ...over,
});

export const sessionUpdatedEvent = (over: Record<string, unknown> = {}) => ({
  type: "session.updated",
  eventId: nextEventId(),
  session: session(),
  ...over,
});

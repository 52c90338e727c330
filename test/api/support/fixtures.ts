/** Contract-valid payloads; spread and override per test. */
export const BASE = "https://api.test/v1";
/** Distinctive, so a leak into any error text is easy to spot. */
export const TOKEN = "tok_SECRET-9f3c2a7e-do-not-leak";

const at = "2025-01-01T00:00:00.000Z";

export const message = (over: Record<string, unknown> = {}) => ({
  id: "m1",
  role: "user",
  content: "hello",
  createdAt: at,
  ...over,
});

export const session = (over: Record<string, unknown> = {}) => ({
  id: "s1",
  status: "ACTIVE",
  createdAt: at,
  updatedAt: at,
  lastActivityAt: at,
  expiresAt: "2025-01-02T00:00:00.000Z",
  messages: [message()],
  ...over,
});

export const conflict = (over: Record<string, unknown> = {}) => ({
  code: "SESSION_HELD_BY_OTHER_USER",
  heldBy: { displayName: "Ada" },
  since: at,
  guidance: "Ada is using coaching; try again later",
  ...over,
});

export const jobResult = (over: Record<string, unknown> = {}) => ({
  reply: message({ id: "m2", role: "coach", content: "hi", jobId: "j1" }),
  isFinal: false,
  sessionStatus: "ACTIVE",
  ...over,
});

export const job = (over: Record<string, unknown> = {}) => ({
  jobId: "j1",
  sessionId: "s1",
  status: "QUEUED",
  ...over,
});

export const errorBody = (code: string, message = `${code} happened`, extra: Record<string, unknown> = {}) => ({
  error: { code, message },
  ...extra,
});

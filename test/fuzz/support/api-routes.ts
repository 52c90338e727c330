import type fc from "fast-check";
import type { CoachingApi } from "../../../src/api/index.js";
import { jobSchema } from "../../../src/contract/job.js";
import {
  currentSessionResponseSchema,
  sendMessageResponseSchema,
  sessionResponseSchema,
  startSessionResponseSchema,
} from "../../../src/contract/responses.js";
import {
  currentSessionResponse,
  job,
  sendMessageResponse,
  sessionResponse,
  startSessionResponse,
} from "./contract-arbitraries.js";

export const BASE = "https://api.fuzz.test/v1";

/** Every documented error code (CoachingErrorCode). */
export const ERROR_CODES = new Set([
  "HTTP_ERROR",
  "NETWORK_ERROR",
  "TIMEOUT",
  "ABORTED",
  "AUTH_ERROR",
  "TENANT_CONFLICT",
  "SESSION_EXPIRED",
  "JOB_EXPIRED",
  "VALIDATION_ERROR",
  "JOB_FAILED",
  "JOB_TIMEOUT",
  "SEND_BLOCKED",
]);

interface Schema {
  safeParse(data: unknown): { success: boolean; data?: unknown };
}

export interface FuzzRoute {
  name: keyof CoachingApi;
  method: "get" | "post";
  path: string;
  /** A contract-valid success body. */
  valid: fc.Arbitrary<unknown>;
  schema: Schema;
  /** The id in the path, when a 404/410 means "expired". */
  resource?: "session" | "job";
  call: (api: CoachingApi) => Promise<unknown>;
  /** The body part of the resolved value (getJob wraps it with the retry hint). */
  body: (value: unknown) => unknown;
}

const same = (value: unknown) => value;

export const ROUTES: FuzzRoute[] = [
  { name: "getCurrentSession", method: "get", path: "/coaching/sessions/current", valid: currentSessionResponse, schema: currentSessionResponseSchema, call: (api) => api.getCurrentSession(), body: same },
  { name: "startSession", method: "post", path: "/coaching/sessions", valid: startSessionResponse, schema: startSessionResponseSchema, call: (api) => api.startSession({ replaceSessionId: "s0" }), body: same },
  { name: "getSession", method: "get", path: "/coaching/sessions/s1", valid: sessionResponse, schema: sessionResponseSchema, resource: "session", call: (api) => api.getSession("s1"), body: same },
  { name: "resumeSession", method: "post", path: "/coaching/sessions/s1/resume", valid: sessionResponse, schema: sessionResponseSchema, resource: "session", call: (api) => api.resumeSession("s1"), body: same },
  { name: "pauseSession", method: "post", path: "/coaching/sessions/s1/pause", valid: sessionResponse, schema: sessionResponseSchema, resource: "session", call: (api) => api.pauseSession("s1"), body: same },
  { name: "cancelSession", method: "post", path: "/coaching/sessions/s1/cancel", valid: sessionResponse, schema: sessionResponseSchema, resource: "session", call: (api) => api.cancelSession("s1"), body: same },
  {
    name: "sendMessage",
    method: "post",
    path: "/coaching/sessions/s1/messages",
    valid: sendMessageResponse,
    schema: sendMessageResponseSchema,
    resource: "session",
    call: (api) => api.sendMessage("s1", { content: "hi", clientMessageId: "c1" }),
    body: same,
  },
  { name: "getJob", method: "get", path: "/coaching/jobs/j1", valid: job, schema: jobSchema, resource: "job", call: (api) => api.getJob("j1"), body: (value) => (value as { job: unknown }).job },
];

/** Awaits a call, returning how it settled. */
export async function settle(promise: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Describes a thrown value for an assertion message (name, code, message). */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name} ${(error as { code?: unknown }).code ?? ""}: ${error.message}`;
  return `non-Error ${typeof error}: ${String(error)}`;
}

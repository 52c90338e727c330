import { jobSchema, type Job } from "../contract/job.js";
import {
  currentSessionResponseSchema,
  sendMessageResponseSchema,
  sessionResponseSchema,
  startSessionResponseSchema,
  type CurrentSessionResponse,
  type SendMessageResponse,
  type SessionResponse,
  type StartSessionResponse,
} from "../contract/responses.js";
import { createUuid } from "../shared/uuid.js";
import { checkHeaderValue, checkMessageInput, checkPathId } from "./check-arguments.js";
import { resolveClientOptions, type CoachingClientOptions, type ResolvedClientOptions } from "./options.js";
import { createRequest, type CallOptions } from "./request.js";
import { createTokenProvider, type TokenProvider } from "./token-provider.js";

export interface StartSessionInput extends CallOptions {
  /** The session this one replaces; the server marks it ABANDONED. */
  replaceSessionId?: string | undefined;
  /** Reused across retries. @default a new UUID per call (also when empty) */
  idempotencyKey?: string | undefined;
}

export interface SendMessageInput {
  content: string;
  /** Identifies the message across retries and reloads; the server stores it once. */
  clientMessageId: string;
}

export interface SendMessageOptions extends CallOptions {
  /** Reused across retries. @default the `clientMessageId` (also when empty) */
  idempotencyKey?: string | undefined;
}

export interface JobPoll {
  job: Job;
  /** The server's `Retry-After` hint for the next poll, in ms, or null. */
  retryAfterMs: number | null;
}

/** `cancelJob`'s answer: the job as the stop left it (contract v1.1). */
export interface CancelJobResponse {
  job: Job;
}

/** One typed method per route of the contract. Every method throws only `CoachingError`s. */
export interface CoachingApi {
  getCurrentSession(options?: CallOptions): Promise<CurrentSessionResponse>;
  startSession(input?: StartSessionInput): Promise<StartSessionResponse>;
  getSession(sessionId: string, options?: CallOptions): Promise<SessionResponse>;
  resumeSession(sessionId: string, options?: CallOptions): Promise<SessionResponse>;
  pauseSession(sessionId: string, options?: CallOptions): Promise<SessionResponse>;
  cancelSession(sessionId: string, options?: CallOptions): Promise<SessionResponse>;
  sendMessage(sessionId: string, input: SendMessageInput, options?: SendMessageOptions): Promise<SendMessageResponse>;
  getJob(jobId: string, options?: CallOptions): Promise<JobPoll>;
  /**
   * Stops a reply (contract v1.1): a PROCESSING job with some text completes with it
   * (`result.stopped`), a QUEUED one or one with no text yet fails with code `CANCELLED`, a
   * finished job comes back as it is. Throws `ExpiredError("job")` on 404/410, which is also what a
   * backend without the route answers: either way the stop is not possible and the reply goes on.
   */
  cancelJob(jobId: string, options?: CallOptions): Promise<CancelJobResponse>;
}

export interface CoachingClient {
  api: CoachingApi;
  /** The resolved options, shared with the delivery layer and the session machine. */
  readonly options: ResolvedClientOptions;
  /** Token access with single-flight refresh and `tokenTimeoutMs`, shared by HTTP and the socket. */
  readonly tokens: TokenProvider;
}

/**
 * Creates the typed API client.
 *
 * @example
 * const client = createCoachingClient({
 *   baseUrl: "https://api.example.com/v1",
 *   socketUrl: "wss://ws.example.com/coaching",
 *   getToken: ({ forceRefresh }) => auth.getAccessToken({ forceRefresh }),
 * });
 * const { session, conflict } = await client.api.getCurrentSession();
 */
export function createCoachingClient(options: CoachingClientOptions): CoachingClient {
  const resolved = resolveClientOptions(options);
  const tokens = createTokenProvider(resolved.getToken, { timeoutMs: resolved.tokenTimeoutMs, timers: resolved.timers });
  const request = createRequest(resolved, tokens);
  const { routes } = resolved;

  /** The calls that take a session id and answer with the session. */
  const sessionCall =
    (operation: "getSession" | "resumeSession" | "pauseSession" | "cancelSession", method: "GET" | "POST") =>
    async (sessionId: string, call: CallOptions = {}) => {
      checkPathId(operation, "sessionId", sessionId);
      return (
        await request({
          ...call,
          operation,
          method,
          path: routes[operation](sessionId),
          resourceId: sessionId,
          // Mutations carry a key reused across this call's retries: a pause whose answer was
          // lost is replayed, not refused as an invalid transition.
          idempotencyKey: method === "POST" ? createUuid() : undefined,
          schema: sessionResponseSchema,
        })
      ).data;
    };

  const api: CoachingApi = {
    async getCurrentSession(call = {}) {
      const path = routes.getCurrentSession();
      return (await request({ ...call, operation: "getCurrentSession", method: "GET", path, schema: currentSessionResponseSchema })).data;
    },
    async startSession(input = {}) {
      const { replaceSessionId, idempotencyKey, ...call } = input;
      if (idempotencyKey) checkHeaderValue("startSession", "idempotencyKey", idempotencyKey);
      const result = await request({
        ...call,
        operation: "startSession",
        method: "POST",
        path: routes.startSession(),
        json: replaceSessionId ? { replaceSessionId } : {},
        idempotencyKey: idempotencyKey || createUuid(),
        schema: startSessionResponseSchema,
      });
      return result.data;
    },
    getSession: sessionCall("getSession", "GET"),
    resumeSession: sessionCall("resumeSession", "POST"),
    pauseSession: sessionCall("pauseSession", "POST"),
    cancelSession: sessionCall("cancelSession", "POST"),
    async sendMessage(sessionId, input, call = {}) {
      checkPathId("sendMessage", "sessionId", sessionId);
      checkMessageInput("sendMessage", input);
      const { idempotencyKey, ...rest } = call;
      checkHeaderValue("sendMessage", idempotencyKey ? "idempotencyKey" : "clientMessageId", idempotencyKey || input.clientMessageId);
      const result = await request({
        ...rest,
        operation: "sendMessage",
        method: "POST",
        path: routes.sendMessage(sessionId),
        resourceId: sessionId,
        json: { content: input.content, clientMessageId: input.clientMessageId },
        idempotencyKey: idempotencyKey || input.clientMessageId,
        schema: sendMessageResponseSchema,
      });
      return result.data;
    },
    async getJob(jobId, call = {}) {
      checkPathId("getJob", "jobId", jobId);
      const result = await request({ ...call, operation: "getJob", method: "GET", path: routes.getJob(jobId), resourceId: jobId, schema: jobSchema });
      return { job: result.data, retryAfterMs: result.retryAfterMs };
    },
    async cancelJob(jobId, call = {}) {
      checkPathId("cancelJob", "jobId", jobId);
      const path = routes.cancelJob(jobId);
      // The key makes a retried stop one stop; cancelling is idempotent on the server anyway.
      const result = await request({ ...call, operation: "cancelJob", method: "POST", path, resourceId: jobId, idempotencyKey: createUuid(), schema: jobSchema });
      return { job: result.data };
    },
  };

  return { api, options: resolved, tokens };
}

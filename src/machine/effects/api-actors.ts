import { fromPromise } from "xstate";
import type { CoachingApi } from "../../api/create-coaching-client.js";
import { validateResponse, type ResponseSchema } from "../../api/validate.js";
import { currentSessionResponseSchema, sendMessageResponseSchema, sessionResponseSchema, startSessionResponseSchema } from "../../contract/responses.js";
import type { CoachingOperation } from "../../errors/coaching-error.js";
import type { AcceptedMessage, CheckedSession, SessionResponse, StartSessionResponse } from "../events.js";

/**
 * How long a call may wait silently inside the client when the server says `Retry-After`; a
 * longer wait comes back to the machine: a send shows it (`retryingAt`) and the user can cut it
 * short, any other step fails with the error and its way out (RETRY).
 */
export const SILENT_RETRY_WAIT_MS = 2_000;
const call = (signal: AbortSignal) => ({ signal, maxRetryAfterMs: SILENT_RETRY_WAIT_MS });

/**
 * `CoachingApi` is a public interface: apps may hand the machine their own implementation or a
 * mock. Its answers are checked at this boundary so that one resolving with something other than
 * the contract fails the step with a `ValidationError` instead of corrupting the session.
 */
const checked =
  <T>(schema: ResponseSchema<T>, operation: CoachingOperation) =>
  (value: unknown): T =>
    validateResponse(schema, value, { operation });

type SessionCall = "getSession" | "resumeSession" | "pauseSession" | "cancelSession";

/** The machine's API calls as promise actors over one client; each aborts when its state is left. */
export function createApiActors(api: CoachingApi, now: () => number) {
  const sessionCall = (operation: SessionCall) =>
    fromPromise<SessionResponse, { sessionId: string }>(({ input, signal }) =>
      api[operation](input.sessionId, call(signal)).then(checked(sessionResponseSchema, operation)),
    );
  return {
    checkCurrentSession: fromPromise<CheckedSession, undefined>(async ({ signal }) => ({
      ...checked(currentSessionResponseSchema, "getCurrentSession")(await api.getCurrentSession(call(signal))),
      checkedAt: now(),
    })),
    startSession: fromPromise<StartSessionResponse, { replaceSessionId: string | undefined }>(({ input, signal }) =>
      api.startSession({ replaceSessionId: input.replaceSessionId, ...call(signal) }).then(checked(startSessionResponseSchema, "startSession")),
    ),
    getSession: sessionCall("getSession"),
    resumeSession: sessionCall("resumeSession"),
    pauseSession: sessionCall("pauseSession"),
    cancelSession: sessionCall("cancelSession"),
    sendMessage: fromPromise<AcceptedMessage, { sessionId: string; content: string; clientMessageId: string }>(async ({ input, signal }) => {
      const { sessionId, content, clientMessageId } = input;
      const answer = await api.sendMessage(sessionId, { content, clientMessageId }, call(signal));
      return { ...checked(sendMessageResponseSchema, "sendMessage")(answer), clientMessageId };
    }),
  };
}

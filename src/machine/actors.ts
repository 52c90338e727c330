import { fromCallback, fromPromise } from "xstate";
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
import { validateResponse, type ResponseSchema } from "../api/validate.js";
import type { CoachingOperation } from "../errors/coaching-error.js";
import type { DeliveryEvent, TrackedJob } from "../delivery/types.js";
import type { SessionServices } from "./services.js";

/** Events the delivery actor sends to the machine. */
export type DeliveryMachineEvent =
  | { type: "delivery.event"; event: DeliveryEvent }
  | { type: "page.hidden" }
  | { type: "page.visible" };

/** Events the machine sends to the delivery actor. */
export type DeliveryCommand =
  | { type: "watch"; sessionId: string | null }
  | { type: "track"; jobs: Array<Omit<TrackedJob, "trackedAt">> }
  | { type: "untrack"; jobId: string };

/**
 * `CoachingApi` is a public interface: apps may hand the machine their own implementation or a
 * mock. Its answers are checked at this boundary so that one resolving with something other than
 * the contract fails the step with a `ValidationError` instead of crashing the actor. (With the
 * SDK's own client this parses a small, already valid object once more per user action.)
 */
function checked<T>(schema: ResponseSchema<T>, operation: CoachingOperation) {
  return (value: unknown): T => validateResponse(schema, value, { operation });
}

export const checkCurrentSession = fromPromise<CurrentSessionResponse, { services: SessionServices }>(({ input, signal }) =>
  input.services.client.api.getCurrentSession({ signal }).then(checked(currentSessionResponseSchema, "getCurrentSession")),
);

export const startSession = fromPromise<StartSessionResponse, { services: SessionServices; replaceSessionId: string | undefined }>(
  ({ input, signal }) => input.services.client.api.startSession({ replaceSessionId: input.replaceSessionId, signal }).then(checked(startSessionResponseSchema, "startSession")),
);

type SessionCallInput = { services: SessionServices; sessionId: string };

/** An actor for one of the API calls that take a session id and answer with the session. */
const sessionCall = (operation: "getSession" | "resumeSession" | "pauseSession" | "cancelSession") =>
  fromPromise<SessionResponse, SessionCallInput>(({ input, signal }) =>
    input.services.client.api[operation](input.sessionId, { signal }).then(checked(sessionResponseSchema, operation)),
  );

export const getSession = sessionCall("getSession");
export const resumeSession = sessionCall("resumeSession");
export const pauseSession = sessionCall("pauseSession");
export const cancelSession = sessionCall("cancelSession");

export const sendMessage = fromPromise<
  SendMessageResponse & { clientMessageId: string },
  SessionCallInput & { content: string; clientMessageId: string }
>(async ({ input, signal }) => {
  const { services, sessionId, content, clientMessageId } = input;
  const accepted = checked(sendMessageResponseSchema, "sendMessage")(await services.client.api.sendMessage(sessionId, { content, clientMessageId }, { signal }));
  return { ...accepted, clientMessageId };
});

/**
 * Bridges the job delivery layer and the page's visibility into machine events. Subscribing
 * starts the socket; the teardown (actor stopped) releases it.
 */
export const deliveryBridge = fromCallback<DeliveryCommand, { services: SessionServices }>(({ input, sendBack, receive }) => {
  const { delivery, environment } = input.services;
  const unsubscribe = delivery.subscribe((event) => sendBack({ type: "delivery.event", event }));
  const stopVisibility = environment.onVisibilityChange(() =>
    sendBack({ type: environment.isVisible() ? "page.visible" : "page.hidden" }),
  );
  receive((command) => {
    // A throw here would kill the bridge and, with it, every later reply: report it instead.
    const run = (apply: () => void) => {
      try {
        apply();
      } catch (error) {
        input.services.client.options.logger.error(`delivery refused a ${command.type} command`, error);
      }
    };
    if (command.type === "watch") run(() => delivery.watchSession(command.sessionId));
    else if (command.type === "track") for (const job of command.jobs) run(() => delivery.track(job));
    else run(() => delivery.untrack(command.jobId));
  });
  return () => {
    stopVisibility();
    unsubscribe();
  };
});

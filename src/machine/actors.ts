import { fromCallback, fromPromise } from "xstate";
import type { CurrentSessionResponse, SendMessageResponse, SessionResponse, StartSessionResponse } from "../contract/responses.js";
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
  | { type: "track"; job: Omit<TrackedJob, "trackedAt"> }
  | { type: "untrack"; jobId: string };

export const checkCurrentSession = fromPromise<CurrentSessionResponse, { services: SessionServices }>(({ input, signal }) =>
  input.services.client.api.getCurrentSession({ signal }),
);

export const startSession = fromPromise<StartSessionResponse, { services: SessionServices; replaceSessionId: string | undefined }>(
  ({ input, signal }) => input.services.client.api.startSession({ replaceSessionId: input.replaceSessionId, signal }),
);

type SessionCallInput = { services: SessionServices; sessionId: string };

export const getSession = fromPromise<SessionResponse, SessionCallInput>(({ input, signal }) =>
  input.services.client.api.getSession(input.sessionId, { signal }),
);
export const resumeSession = fromPromise<SessionResponse, SessionCallInput>(({ input, signal }) =>
  input.services.client.api.resumeSession(input.sessionId, { signal }),
);
export const pauseSession = fromPromise<SessionResponse, SessionCallInput>(({ input, signal }) =>
  input.services.client.api.pauseSession(input.sessionId, { signal }),
);
export const cancelSession = fromPromise<SessionResponse, SessionCallInput>(({ input, signal }) =>
  input.services.client.api.cancelSession(input.sessionId, { signal }),
);

export const sendMessage = fromPromise<
  SendMessageResponse & { clientMessageId: string },
  SessionCallInput & { content: string; clientMessageId: string }
>(async ({ input, signal }) => {
  const { services, sessionId, content, clientMessageId } = input;
  const accepted = await services.client.api.sendMessage(sessionId, { content, clientMessageId }, { signal });
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
    try {
      if (command.type === "watch") delivery.watchSession(command.sessionId);
      else if (command.type === "track") delivery.track(command.job);
      else delivery.untrack(command.jobId);
    } catch (error) {
      input.services.client.options.logger.error(`delivery refused a ${command.type} command`, error);
    }
  });
  return () => {
    stopVisibility();
    unsubscribe();
  };
});

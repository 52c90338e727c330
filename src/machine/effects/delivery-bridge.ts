import { fromCallback } from "xstate";
import type { BrowserEnvironment, DeliveryEvent, JobDelivery } from "../../delivery/types.js";
import type { Logger } from "../../shared/logger.js";
import type { Timers } from "../../shared/timers.js";
import type { DeliveryCommand, DeliveryMachineEvent } from "../events.js";

/** Each delivery event as the machine's own typed event. */
function toMachineEvent(event: DeliveryEvent): DeliveryMachineEvent {
  switch (event.type) {
    case "job.completed":
      return { type: "delivery.jobCompleted", job: event.job, result: event.result };
    case "job.failed":
      return { type: "delivery.jobFailed", job: event.job, error: event.error };
    case "job.progress":
      return { type: "delivery.jobProgress", job: event.job, text: event.text };
    case "session.updated":
      return { type: "delivery.sessionUpdated", session: event.session };
    case "session.expired":
      return { type: "delivery.sessionExpired", sessionId: event.sessionId, error: event.error };
    case "connection":
      return { type: "delivery.connection", connection: event.connection };
    case "error":
      return { type: "delivery.error", error: event.error };
  }
}

/**
 * Bridges job delivery and the page's visibility into machine events, and the machine's commands
 * into delivery calls. Subscribing starts the socket; the teardown (the machine stopped) releases it.
 */
export function createDeliveryBridge(delivery: JobDelivery, environment: BrowserEnvironment, timers: Timers, logger: Logger) {
  return fromCallback<DeliveryCommand>(({ sendBack, receive }) => {
    const unsubscribe = delivery.subscribe((event) => sendBack(toMachineEvent(event)));
    let hiddenAt = environment.isVisible() ? null : timers.now();
    const stopVisibility = environment.onVisibilityChange(() => {
      if (!environment.isVisible()) {
        hiddenAt ??= timers.now();
      } else if (hiddenAt !== null) {
        sendBack({ type: "page.visible", hiddenForMs: timers.now() - hiddenAt });
        hiddenAt = null;
      }
    });
    receive((command) => {
      // A throw here would kill the bridge and, with it, every later reply: report it instead.
      try {
        if (command.type === "watch") delivery.watchSession(command.sessionId);
        else if (command.type === "track") delivery.track(command);
        else if (command.type === "untrackSession") delivery.untrackSession(command.sessionId);
        else delivery.stopReply(command.jobId).catch((error) => sendBack({ type: "delivery.stopFailed", jobId: command.jobId, error }));
      } catch (error) {
        logger.error(`delivery refused a ${command.type} command`, error);
      }
    });
    sendBack({ type: "delivery.ready" });
    return () => {
      stopVisibility();
      unsubscribe();
    };
  });
}

import type { DoneActorEvent, ErrorActorEvent } from "xstate";
import type { DeliveryEvent } from "../delivery/types.js";
import { CoachingError, isCoachingError } from "../errors/coaching-error.js";
import type { DeliveryMachineEvent } from "./actors.js";
import type { CoachingSessionMachineContext } from "./machine-setup.js";

/** Typed views of the events guards and actions receive (their union type is too wide to narrow). */

type DeliveryEventOf = Extract<DeliveryMachineEvent, { type: "delivery.event" }>;

export const deliveryOf = (event: unknown): DeliveryEvent => (event as DeliveryEventOf).event;
export const outputOf = <T>(event: unknown) => (event as DoneActorEvent<T>).output;
export const rawError = (event: unknown): unknown => (event as ErrorActorEvent).error;

/** The failure of an invoked call, always as a `CoachingError`. */
export function errorOf(event: unknown): CoachingError {
  const error = rawError(event);
  // Every API call throws CoachingErrors; anything else is a bug we still surface typed.
  return isCoachingError(error) ? error : new CoachingError("NETWORK_ERROR", describeError(error), { cause: error, operation: "machine" });
}

/** A message for anything thrown; `String()` itself throws on null-prototype objects. */
function describeError(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error);
  } catch {
    return "unknown error";
  }
}

export const nowOf = (context: CoachingSessionMachineContext) => context.services.client.options.timers.now();

import { createActor, type Actor } from "xstate";
import type { CoachingClient } from "../api/create-coaching-client.js";
import { createBrowserEnvironment } from "../delivery/browser-environment.js";
import { createJobDelivery } from "../delivery/create-job-delivery.js";
import type { BrowserEnvironment, JobDelivery, JobDeliveryOptions } from "../delivery/types.js";
import { defaultStorage, type KeyValueStorage } from "../shared/storage.js";
import { createUuid } from "../shared/uuid.js";
import { coachingSessionMachine } from "./coaching-session-machine.js";
import { createOutboxStore } from "./outbox-store.js";

export interface CoachingSessionOptions extends JobDeliveryOptions {
  /**
   * An ACTIVE session idle longer than this is offered as paused on entry; a page hidden longer
   * re-checks the session when it becomes visible. @default 1_800_000 (30 minutes)
   */
  idleAfterMs?: number;
  /** Messages longer than this are refused locally (`SendBlockedError` "too-large"). @default 4_000 */
  maxMessageLength?: number;
  /** Go straight back into an ACTIVE, non-idle session (e.g. after a reload) instead of asking. @default false */
  autoResume?: boolean;
  /** Where unsent messages and pending jobs survive reloads. @default sessionStorage when usable, else memory */
  storage?: KeyValueStorage;
  /** @default "coaching-session-sdk:outbox" */
  outboxStorageKey?: string;
  /** Bring your own delivery (shared between sessions, or a test double). @default createJobDelivery(client, options) */
  delivery?: JobDelivery;
  /** @default the real window/document when present */
  environment?: BrowserEnvironment;
  /** Generates client message ids (idempotency keys). @default crypto.randomUUID */
  newClientMessageId?: () => string;
}

export type CoachingSessionActor = Actor<typeof coachingSessionMachine>;

/**
 * Creates an unstarted coaching session actor. `start()` checks the user's current session.
 *
 * @example
 * const session = createCoachingSession(client);
 * session.subscribe((snapshot) => render(snapshot));
 * session.start();
 * session.send({ type: "SEND", text: "Hello coach" });
 */
export function createCoachingSession(client: CoachingClient, options: CoachingSessionOptions = {}): CoachingSessionActor {
  const storage = options.storage ?? defaultStorage();
  const environment = options.environment ?? createBrowserEnvironment();
  const delivery = options.delivery ?? createJobDelivery(client, { ...options, storage, environment });
  return createActor(coachingSessionMachine, {
    input: {
      services: {
        client,
        delivery,
        environment,
        outbox: createOutboxStore(storage, options.outboxStorageKey ?? "coaching-session-sdk:outbox"),
        newClientMessageId: options.newClientMessageId ?? createUuid,
      },
      settings: {
        idleAfterMs: options.idleAfterMs ?? 30 * 60_000,
        maxMessageLength: options.maxMessageLength ?? 4_000,
        autoResume: options.autoResume ?? false,
      },
    },
  });
}

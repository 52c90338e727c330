import { createActor, raise, type Actor, type Snapshot } from "xstate";
import type { CoachingClient } from "../api/create-coaching-client.js";
import { createBrowserEnvironment } from "../delivery/browser-environment.js";
import { createJobDelivery } from "../delivery/create-job-delivery.js";
import type { BrowserEnvironment, JobDelivery, JobDeliveryOptions } from "../delivery/types.js";
import { defaultStorage } from "../shared/storage.js";
import { createUuid } from "../shared/uuid.js";
import { stampActions } from "./actions.js";
import { coachingSessionMachine } from "./coaching-session-machine.js";
import { createApiActors } from "./effects/api-actors.js";
import { createDeliveryBridge } from "./effects/delivery-bridge.js";
import { createOutboxStore } from "./outbox-store.js";
import { DEFAULT_SETTINGS, retryLaterWithin } from "./setup.js";

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
  /** Bring your own delivery (shared between sessions, or a test double). @default createJobDelivery(client, options) */
  delivery?: JobDelivery;
  /** @default the real window/document when present */
  environment?: BrowserEnvironment;
  /** Generates client message ids (idempotency keys). @default crypto.randomUUID */
  newClientMessageId?: () => string;
  /** Resumes from a snapshot of an earlier actor (`actor.getPersistedSnapshot()`). */
  snapshot?: Snapshot<unknown>;
}

export type CoachingSessionMachine = typeof coachingSessionMachine;
export type CoachingSessionActor = Actor<CoachingSessionMachine>;

/**
 * The session machine with this client's effects supplied: API calls, job delivery, the outbox in
 * storage, ids and the clock. Swap any one of them with `.provide()`, e.g. in tests.
 *
 * @example
 * const machine = createCoachingSessionMachine(client).provide({ actors: { sendMessage: fakeSend } });
 * const session = createActor(machine).start();
 */
export function createCoachingSessionMachine(client: CoachingClient, options: CoachingSessionOptions = {}): CoachingSessionMachine {
  const { timers, logger } = client.options;
  const now = () => timers.now();
  const storage = options.storage ?? defaultStorage();
  const environment = options.environment ?? createBrowserEnvironment();
  const delivery = options.delivery ?? createJobDelivery(client, { ...options, storage, environment });
  const outbox = createOutboxStore(storage, {
    userKey: options.userKey,
    maxMessageLength: options.maxMessageLength ?? DEFAULT_SETTINGS.maxMessageLength,
    logger,
  });
  return coachingSessionMachine.provide({
    guards: { isRetryLater: retryLaterWithin(client.options.retry.maxRetryAfterMs) },
    actors: { ...createApiActors(client.api, now), delivery: createDeliveryBridge(delivery, environment, timers, logger) },
    actions: {
      ...stampActions(options.newClientMessageId ?? createUuid, now),
      persistOutbox: ({ context }) => {
        if (context.session) outbox.sync(context.session.id, context.outbox);
      },
      readOutbox: raise(({ context }) => ({ type: "outbox.restored" as const, messages: context.session ? outbox.load(context.session.id) : [] })),
      forgetOutbox: (_, sessionId) => {
        if (sessionId !== undefined) outbox.forget(sessionId);
      },
      warn: (_, message) => logger.warn(message),
    },
  });
}

/**
 * Creates an unstarted coaching session actor. `start()` checks the user's current session.
 *
 * @example
 * const session = createCoachingSession(client);
 * session.subscribe((snapshot) => render(selectView(snapshot), selectMessages(snapshot)));
 * session.start();
 * session.send({ type: "SEND", text: "Hello coach" });
 */
export function createCoachingSession(client: CoachingClient, options: CoachingSessionOptions = {}): CoachingSessionActor {
  const { idleAfterMs, maxMessageLength, autoResume } = options;
  return createActor(createCoachingSessionMachine(client, options), {
    input: { settings: { idleAfterMs, maxMessageLength, autoResume } },
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
  });
}

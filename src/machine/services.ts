import type { CoachingClient } from "../api/create-coaching-client.js";
import type { BrowserEnvironment, JobDelivery } from "../delivery/types.js";
import type { OutboxStore } from "./outbox-store.js";

/**
 * What the machine talks to. Passed as input and kept in context so that every actor and action
 * reaches the same client, delivery and storage; tests pass fakes.
 */
export interface SessionServices {
  client: CoachingClient;
  delivery: JobDelivery;
  outbox: OutboxStore;
  environment: BrowserEnvironment;
  newClientMessageId: () => string;
}

export interface SessionSettings {
  /** A session idle longer than this is offered as paused; a tab hidden longer re-checks on return. */
  idleAfterMs: number;
  /** Longest message accepted locally (the server's 413 limit, if known). */
  maxMessageLength: number;
  /** Skip the resume/start-new choice for an ACTIVE, non-idle session (e.g. after a reload). */
  autoResume: boolean;
}

export interface CoachingSessionInput {
  services: SessionServices;
  settings: SessionSettings;
}

// Typechecked against the BUILT package (dist/*.d.ts) under Bundler and NodeNext resolution.
import {
  createCoachingClient,
  createCoachingSession,
  isCoachingError,
  sessionSchema,
  type CoachingError,
  type Session,
} from "coaching-session-sdk";
import { useCoachingSession, CoachingSessionProvider } from "coaching-session-sdk/react";
import { createMockCoachingBackend } from "coaching-session-sdk/testing";

const client = createCoachingClient({ baseUrl: "https://api.example.com/v1", getToken: () => "token" });
const actor = createCoachingSession(client);
actor.send({ type: "SEND", text: "hello" });
const status: Session["status"] | null = actor.getSnapshot().context.status;
const parsed = sessionSchema.safeParse({});
const check = (error: unknown): CoachingError | null => (isCoachingError(error) ? error : null);
const backend = createMockCoachingBackend();

export { status, parsed, check, backend, useCoachingSession, CoachingSessionProvider };

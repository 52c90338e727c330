// Typechecked against the BUILT package (dist/*.d.ts) under Bundler and NodeNext resolution.
import {
  clearPersistedState,
  createCoachingClient,
  createCoachingSession,
  isCoachingError,
  selectReplyStatus,
  selectStatus,
  type CoachingError,
  type ReplyStatus,
  type Session,
} from "coaching-session-sdk";
import { parseServerFrame, sessionSchema } from "coaching-session-sdk/contract";
import { useCoachingSession, CoachingSessionProvider } from "coaching-session-sdk/react";
import { createMockCoachingBackend } from "coaching-session-sdk/testing";

const client = createCoachingClient({ baseUrl: "https://api.example.com/v1", getToken: () => "token" });
const actor = createCoachingSession(client);
actor.send({ type: "SEND", text: "hello" });
const status: Session["status"] | null = selectStatus(actor.getSnapshot());
const reply: ReplyStatus = selectReplyStatus(actor.getSnapshot());
const parsed = sessionSchema.safeParse({});
const frame = parseServerFrame("{}");
clearPersistedState(undefined, "user-1");
const check = (error: unknown): CoachingError | null => (isCoachingError(error) ? error : null);
const backend = createMockCoachingBackend();

export { status, reply, parsed, frame, check, backend, useCoachingSession, CoachingSessionProvider };

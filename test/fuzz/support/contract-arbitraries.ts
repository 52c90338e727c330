import fc from "fast-check";
import type { Job, JobError, JobResult } from "../../../src/contract/job.js";
import type { Message } from "../../../src/contract/message.js";
import type {
  CurrentSessionResponse,
  SendMessageResponse,
  SessionResponse,
  StartSessionResponse,
} from "../../../src/contract/responses.js";
import type { CoachingResult, Session, SessionStatus } from "../../../src/contract/session.js";
import type { Conflict } from "../../../src/contract/conflict.js";
import type { ServerFrame } from "../../../src/contract/socket.js";

/** Contract-valid values, as the backend of CONTRACT.md may send them (extra fields come apart). */

export const SESSION_STATUSES: SessionStatus[] = ["ACTIVE", "PAUSED", "COMPLETED", "CANCELLED", "ABANDONED"];
export const JOB_STATUSES: Job["status"][] = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED"];

/** Ids: mostly short and plain, sometimes any string (the schemas only ask for a string). */
export const id = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,12}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const text = fc.string({ maxLength: 40 });
const timestamp = fc.oneof(
  fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  text,
);
export const sessionStatus = fc.constantFrom(...SESSION_STATUSES);

export const message = (role?: Message["role"]): fc.Arbitrary<Message> =>
  fc.record(
    {
      id,
      role: role ? fc.constant(role) : fc.constantFrom("user" as const, "coach" as const),
      content: fc.string({ maxLength: 60 }),
      createdAt: timestamp,
      clientMessageId: id,
      jobId: id,
    },
    { requiredKeys: ["id", "role", "content", "createdAt"] },
  );

export const coachingResult: fc.Arbitrary<CoachingResult> = fc.record({
  summary: text,
  extracted: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
});

export const session: fc.Arbitrary<Session> = fc.record(
  {
    id,
    status: sessionStatus,
    createdAt: timestamp,
    updatedAt: timestamp,
    lastActivityAt: timestamp,
    expiresAt: timestamp,
    messages: fc.array(message(), { maxLength: 4 }),
    result: fc.option(coachingResult, { nil: null }),
    replacedBy: fc.option(id, { nil: null }),
  },
  { requiredKeys: ["id", "status", "createdAt", "updatedAt", "lastActivityAt", "expiresAt"] },
);

export const conflict: fc.Arbitrary<Conflict> = fc.record({
  code: fc.constant("SESSION_HELD_BY_OTHER_USER" as const),
  heldBy: fc.record({ displayName: text }, { requiredKeys: [] }),
  since: timestamp,
  guidance: text,
});

export const jobError: fc.Arbitrary<JobError> = fc.record({ code: id, message: text, retryable: fc.boolean() });

export const jobResult: fc.Arbitrary<JobResult> = fc.record(
  { reply: message("coach"), isFinal: fc.boolean(), result: coachingResult, sessionStatus },
  { requiredKeys: ["reply", "isFinal", "sessionStatus"] },
);

export const job: fc.Arbitrary<Job> = fc.record(
  { jobId: id, sessionId: id, status: fc.constantFrom(...JOB_STATUSES), result: jobResult, error: jobError },
  { requiredKeys: ["jobId", "sessionId", "status"] },
);

export const currentSessionResponse: fc.Arbitrary<CurrentSessionResponse> = fc.record({
  session: fc.option(session, { nil: null }),
  conflict: fc.option(conflict, { nil: null }),
});
export const startSessionResponse: fc.Arbitrary<StartSessionResponse> = fc.record({
  session,
  abandonedSessionId: fc.option(id, { nil: null }),
});
export const sessionResponse: fc.Arbitrary<SessionResponse> = fc.record({ session });
export const sendMessageResponse: fc.Arbitrary<SendMessageResponse> = fc.record({
  jobId: id,
  messageId: id,
  status: fc.constant("QUEUED" as const),
});

export const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  fc.constant({ type: "ready" as const }),
  fc.constant({ type: "pong" as const }),
  fc.record({ type: fc.constant("subscribed" as const), sessionId: id }),
  fc.record({ type: fc.constant("job.completed" as const), eventId: id, jobId: id, sessionId: id, result: jobResult }),
  fc.record({ type: fc.constant("job.failed" as const), eventId: id, jobId: id, sessionId: id, error: jobError }),
  fc.record({ type: fc.constant("session.updated" as const), eventId: id, session }),
);

/** The contract's error body for 4xx/5xx, sometimes with a conflict. */
export const errorBody = fc.record(
  {
    error: fc.record({ code: id, message: text, retryable: fc.boolean() }, { requiredKeys: ["code", "message"] }),
    conflict,
  },
  { requiredKeys: ["error"] },
);

import type { Message } from "../../contract/message.js";
import type { CoachingResult, SessionStatus } from "../../contract/session.js";
import { MockKitError } from "../errors/mock-kit-error.js";
import type { BackendContext } from "./context.js";
import type { StoredSession } from "./store.js";

/** A transcript message to seed: `id` and `createdAt` are filled in when left out. */
export type MockSeedMessage = Pick<Message, "role" | "content"> & Partial<Omit<Message, "role" | "content">>;

/** A session that existed before the test began. Times are ISO strings or epoch ms. */
export interface MockSessionSeed {
  /** @default "ACTIVE" */
  status?: SessionStatus;
  /** The transcript, oldest first. @default [] */
  messages?: MockSeedMessage[];
  /** In the past for an idle session; older than `sessionTtlMs` and it has expired. @default now */
  lastActivityAt?: string | number;
  /** @default `lastActivityAt` */
  createdAt?: string | number;
  /** @default a summary of the seeded turns when COMPLETED, else `null` */
  result?: CoachingResult | null;
  /** The session that replaced an ABANDONED one. @default null */
  replacedBy?: string | null;
  /** Whose session it is, as `userOf` names users. @default `userOf(null)`, the only user when no `userOf` is given */
  user?: string;
}

const STATUSES: readonly SessionStatus[] = ["ACTIVE", "PAUSED", "COMPLETED", "CANCELLED", "ABANDONED"];

/** Stores the seeded session; refuses a malformed seed with `INVALID_OPTION` and stores nothing. */
export function seedSession(ctx: BackendContext, seed: MockSessionSeed = {}): StoredSession {
  const status = seed.status ?? "ACTIVE";
  if (!STATUSES.includes(status)) throw invalid(`\`status\` must be one of ${STATUSES.join(", ")}.`);
  const lastActivityAt = seed.lastActivityAt === undefined ? ctx.now() : toMs(seed.lastActivityAt, "lastActivityAt");
  const createdAt = seed.createdAt === undefined ? lastActivityAt : toMs(seed.createdAt, "createdAt");
  const messages = (seed.messages ?? []).map((message, index) => toMessage(ctx, message, index, lastActivityAt));
  const turns = messages.filter((message) => message.role === "user").length;
  const session: StoredSession = {
    id: ctx.ids.next("sess"),
    userId: seed.user ?? ctx.config.userOf(null),
    status,
    createdAt,
    updatedAt: lastActivityAt,
    lastActivityAt,
    messages,
    result: seed.result ?? (status === "COMPLETED" ? { summary: `Session completed after ${turns} turns.`, extracted: {} } : null),
    replacedBy: seed.replacedBy ?? null,
    extracted: { ...seed.result?.extracted },
    expired: false,
  };
  ctx.store.sessions.set(session.id, session);
  return session;
}

function toMessage(ctx: BackendContext, seed: MockSeedMessage, index: number, fallbackMs: number): Message {
  if (typeof seed !== "object" || seed === null) throw invalid(`messages[${index}] must be an object.`);
  if (seed.role !== "user" && seed.role !== "coach") throw invalid(`messages[${index}].role must be "user" or "coach".`);
  if (typeof seed.content !== "string") throw invalid(`messages[${index}].content must be a string.`);
  const createdAt = new Date(seed.createdAt === undefined ? fallbackMs : toMs(seed.createdAt, `messages[${index}].createdAt`)).toISOString();
  const message: Message = { id: seed.id ?? ctx.ids.next("msg"), role: seed.role, content: seed.content, createdAt };
  if (seed.clientMessageId !== undefined) message.clientMessageId = seed.clientMessageId;
  if (seed.jobId !== undefined) message.jobId = seed.jobId;
  return message;
}

function toMs(value: unknown, field: string): number {
  const ms = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
  // ±8.64e15 ms is the range a Date can hold.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw invalid(`\`${field}\` must be an ISO date string or epoch milliseconds.`);
  return ms;
}

function invalid(detail: string): MockKitError {
  return new MockKitError("INVALID_OPTION", `Failed to seed a session: ${detail}`);
}

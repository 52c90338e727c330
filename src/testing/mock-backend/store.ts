import type { Conflict } from "../../contract/conflict.js";
import type { Job, JobError, JobResult, JobStatus } from "../../contract/job.js";
import type { Message } from "../../contract/message.js";
import type { CoachingResult, Session, SessionStatus } from "../../contract/session.js";

/** A session as the mock keeps it: times in ms, plus what the wire never shows. */
export interface StoredSession {
  id: string;
  /** The user who started it (`userOf` of the caller's token); only this user can see it. */
  userId: string;
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  lastActivityAt: number;
  messages: Message[];
  result: CoachingResult | null;
  replacedBy: string | null;
  /** `extracted` of every turn so far, merged into the final result. */
  extracted: Record<string, unknown>;
  /** Set by `scenario.expireSession`; TTL expiry is computed from `lastActivityAt`. */
  expired: boolean;
}

export interface StoredJob {
  jobId: string;
  sessionId: string;
  /** The owner of its session. */
  userId: string;
  status: JobStatus;
  result?: JobResult;
  error?: JobError;
  createdAt: number;
  /** Set by `scenario.expireJob`; TTL expiry is computed from `createdAt`. */
  expired: boolean;
  userMessageId: string;
  turn: number;
}

/** All mutable state of one mock backend; `reset()` replaces it with a fresh one. */
export interface Store {
  /** In creation order, which is what "newest" means for `GET current`. */
  sessions: Map<string, StoredSession>;
  jobs: Map<string, StoredJob>;
  conflict: Conflict | null;
}

export function createStore(): Store {
  return { sessions: new Map(), jobs: new Map(), conflict: null };
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export function isSessionExpired(session: StoredSession, now: number, ttlMs: number): boolean {
  return session.expired || now >= session.lastActivityAt + ttlMs;
}

export function isJobExpired(job: StoredJob, now: number, ttlMs: number): boolean {
  return job.expired || now >= job.createdAt + ttlMs;
}

/** The contract's `Session`; events leave the transcript out to stay well under 32 KB. */
export function toWireSession(session: StoredSession, ttlMs: number, withMessages = true): Session {
  const wire: Session = {
    id: session.id,
    status: session.status,
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
    lastActivityAt: iso(session.lastActivityAt),
    expiresAt: iso(session.lastActivityAt + ttlMs),
    result: session.result,
    replacedBy: session.replacedBy,
  };
  if (withMessages) wire.messages = session.messages.map((message) => ({ ...message }));
  return wire;
}

/** The contract's `Job`. */
export function toWireJob(job: StoredJob): Job {
  const wire: Job = { jobId: job.jobId, sessionId: job.sessionId, status: job.status };
  if (job.result) wire.result = job.result;
  if (job.error) wire.error = job.error;
  return wire;
}

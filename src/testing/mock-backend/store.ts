import type { Conflict } from "../../contract/conflict.js";
import type { Job, JobError, JobPartial, JobResult, JobStatus } from "../../contract/job.js";
import type { Message } from "../../contract/message.js";
import type { CoachingResult, Session, SessionStatus } from "../../contract/session.js";
import type { TimerHandle } from "../../shared/timers.js";
import type { CoachReply } from "./options.js";

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
  /** The coach's reply once written: when the job starts streaming, else when it completes. */
  draft: (CoachReply & { isFinal: boolean }) | null;
  /** The draft cut into the chunks it is streamed in; empty when not streaming. */
  chunks: string[];
  /** How many chunks have been produced so far: the `seq` of the job's `partial`. */
  seq: number;
  /** The job's pending timers (start, chunks, finish), cleared when it is stopped early. */
  timers: TimerHandle[];
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

/** The contract's `Job`; a PROCESSING job that has streamed text carries v1.1's `partial`. */
export function toWireJob(job: StoredJob): Job {
  const wire: Job = { jobId: job.jobId, sessionId: job.sessionId, status: job.status };
  if (job.result) wire.result = job.result;
  if (job.error) wire.error = job.error;
  const partial = partialOf(job);
  if (partial) wire.partial = partial;
  return wire;
}

/** The text streamed so far, while the job is PROCESSING; `null` before the first chunk. */
export function partialOf(job: StoredJob): JobPartial | null {
  if (job.status !== "PROCESSING" || job.seq === 0) return null;
  return { seq: job.seq, text: job.chunks.slice(0, job.seq).join("") };
}

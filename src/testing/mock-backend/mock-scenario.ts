import type { Conflict } from "../../contract/conflict.js";
import { MockKitError } from "../errors/mock-kit-error.js";
import type { MockScenario } from "./backend-types.js";
import type { BackendContext } from "./context.js";
import { seedSession } from "./session-seed.js";
import { abandonSession, findSession, setSessionStatus } from "./session-service.js";
import { resolveStreaming } from "./streaming-options.js";
import { iso, toWireSession, type StoredSession } from "./store.js";

/** The `backend.scenario` object: server-side changes a test (or the admin API) triggers. */
export function createMockScenario(ctx: BackendContext): MockScenario {
  const openSession = (id: string, action: string): StoredSession => {
    const lookup = findSession(ctx, id);
    if (lookup.kind !== "found") throw refused(`Failed to ${action} session "${id}": it is ${lookup.kind}.`);
    const { session } = lookup;
    if (session.status !== "ACTIVE" && session.status !== "PAUSED") {
      throw refused(`Failed to ${action} session "${id}": it is ${session.status}.`);
    }
    return session;
  };
  const wire = (session: StoredSession) => toWireSession(session, ctx.config.sessionTtlMs);

  return {
    setConflict(conflict = {}) {
      ctx.store.conflict = conflict === null ? null : completeConflict(conflict, ctx.now());
      return ctx.store.conflict;
    },
    expireSession(sessionId, options = {}) {
      const session = ctx.store.sessions.get(sessionId);
      if (!session) throw refused(`Failed to expire session "${sessionId}": no such session.`);
      session.expired = true;
      if (options.closeSockets) ctx.hub.closeSubscribers(sessionId, session.userId, 1008, "session expired");
    },
    expireJob(jobId) {
      const job = ctx.store.jobs.get(jobId);
      if (!job) throw refused(`Failed to expire job "${jobId}": no such job.`);
      job.expired = true;
    },
    pauseElsewhere(sessionId) {
      const session = openSession(sessionId, "pause");
      setSessionStatus(ctx, session, "PAUSED");
      return wire(session);
    },
    abandonElsewhere(sessionId, replacedBy = null) {
      const session = openSession(sessionId, "abandon");
      abandonSession(ctx, session, replacedBy);
      return wire(session);
    },
    expireTokens: (count = 1) => ctx.auth.expireNext(count),
    setTurnsUntilFinal(turns) {
      ctx.config.turnsUntilFinal = Math.max(1, turns);
    },
    setStreaming(streaming) {
      ctx.config.streaming = resolveStreaming(streaming);
    },
    seedSession: (seed) => wire(seedSession(ctx, seed)),
  };
}

function refused(message: string): MockKitError {
  return new MockKitError("SCENARIO_REFUSED", message);
}

function completeConflict(partial: Partial<Conflict>, now: number): Conflict {
  return {
    code: "SESSION_HELD_BY_OTHER_USER",
    heldBy: partial.heldBy ?? { displayName: "Another user" },
    since: partial.since ?? iso(now),
    guidance: partial.guidance ?? "Someone else in your organisation has a coaching session open. Try again when they finish.",
  };
}

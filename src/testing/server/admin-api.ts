import type { MockCoachingBackend } from "../mock-backend/backend-types.js";

/** The body of an admin call: a JSON object whose fields the command reads. */
type AdminBody = Record<string, any>;
type AdminCommand = (backend: MockCoachingBackend, body: AdminBody) => unknown;

const on = (body: AdminBody) => body.on !== false;
const target = (body: AdminBody) => ({ times: body.times, route: body.route });
/** `{ events?: "all" | "progress", seqs?: number[] }`: which events an event fault strikes. */
const eventFilter = (body: AdminBody) => ({ events: body.events, seqs: body.seqs });

/**
 * `POST /__admin/<name>` calls, named after the backend's knobs, so a browser test can drive
 * the same scenarios as a Node test: e.g. `POST /__admin/failNext {"status":503,"route":"getJob"}`.
 */
export const ADMIN_COMMANDS: Record<string, AdminCommand> = {
  reset: (backend) => backend.reset(),
  clearFaults: (backend) => backend.faults.clear(),
  /** `{ conflict?: Partial<Conflict> | null }`: `null` clears, omitted sets a default conflict. */
  setConflict: (backend, body) => ({ conflict: backend.scenario.setConflict(body.conflict) }),
  /** `{ code?: number }`: omitted drops abruptly (1006). */
  dropSockets: (backend, body) => backend.faults.dropSockets(typeof body.code === "number" ? body.code : "abrupt"),
  dropEvents: (backend, body) => backend.faults.dropEvents(on(body), eventFilter(body)),
  duplicateEvents: (backend, body) => backend.faults.duplicateEvents(on(body), eventFilter(body)),
  reorderEvents: (backend, body) => backend.faults.reorderEvents(on(body), { ...eventFilter(body), windowMs: body.windowMs }),
  sendMalformedFrame: (backend, body) => backend.faults.sendMalformedFrame(body.text),
  failNext: (backend, body) => {
    if (typeof body.status !== "number") throw new Error("failNext needs a numeric `status`");
    backend.faults.failNext({ ...target(body), status: body.status, body: body.body, headers: body.headers, afterProcessing: body.afterProcessing });
  },
  networkErrorNext: (backend, body) => backend.faults.networkErrorNext({ ...target(body), afterProcessing: body.afterProcessing }),
  delayNext: (backend, body) => {
    if (typeof body.ms !== "number") throw new Error("delayNext needs a numeric `ms`");
    backend.faults.delayNext(body.ms, target(body));
  },
  malformedNext: (backend, body) => backend.faults.malformedNext({ ...target(body), kind: body.kind }),
  failJobs: (backend, body) => backend.faults.failJobs(body.count, body.error),
  expireSession: (backend, body) => backend.scenario.expireSession(requireString(body, "sessionId"), { closeSockets: body.closeSockets }),
  expireJob: (backend, body) => backend.scenario.expireJob(requireString(body, "jobId")),
  pauseElsewhere: (backend, body) => ({ session: backend.scenario.pauseElsewhere(requireString(body, "sessionId")) }),
  abandonElsewhere: (backend, body) => ({ session: backend.scenario.abandonElsewhere(requireString(body, "sessionId"), body.replacedBy) }),
  expireTokens: (backend, body) => backend.scenario.expireTokens(body.count),
  /** The body is a `MockSessionSeed`: `{ status?, messages?, lastActivityAt?, createdAt?, result?, replacedBy?, user? }`. */
  seedSession: (backend, body) => ({ session: backend.scenario.seedSession(body) }),
  /**
   * `{ processingDelayMs?, turnsUntilFinal?, streaming?: boolean | { chunkCount?, chunkIntervalMs? } }`;
   * `streaming` applies to jobs created from then on.
   */
  config: (backend, body) => {
    // First: the one setting that can be refused, so a refused call changes nothing.
    if (body.streaming !== undefined) backend.scenario.setStreaming(body.streaming);
    if (typeof body.processingDelayMs === "number") backend.faults.setProcessingDelay(body.processingDelayMs);
    if (typeof body.turnsUntilFinal === "number") backend.scenario.setTurnsUntilFinal(body.turnsUntilFinal);
  },
};

/** `GET /__admin/state`: what tests inspect. */
export function adminState(backend: MockCoachingBackend) {
  return { sessions: backend.sessions(), jobs: backend.jobs(), requests: backend.requests, socketCount: backend.socketCount() };
}

export type AdminOutcome = { status: number; body: unknown };

/** Runs one admin command; unknown names are 404, bad input or a failed knob 400. */
export function runAdminCommand(backend: MockCoachingBackend, name: string, rawBody: string): AdminOutcome {
  const command = Object.hasOwn(ADMIN_COMMANDS, name) ? ADMIN_COMMANDS[name] : undefined;
  if (!command) return { status: 404, body: { error: { code: "UNKNOWN_ADMIN_COMMAND", message: `No admin command "${name}". Known: ${Object.keys(ADMIN_COMMANDS).join(", ")}.` } } };
  let body: AdminBody;
  try {
    const parsed: unknown = rawBody.trim() === "" ? {} : JSON.parse(rawBody);
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("the body must be a JSON object");
    body = parsed as AdminBody;
    return { status: 200, body: { ok: true, ...(command(backend, body) as object | undefined) } };
  } catch (error) {
    return { status: 400, body: { error: { code: "ADMIN_COMMAND_FAILED", message: error instanceof Error ? error.message : String(error) } } };
  }
}

function requireString(body: AdminBody, field: string): string {
  if (typeof body[field] !== "string") throw new Error(`this command needs a string \`${field}\``);
  return body[field];
}

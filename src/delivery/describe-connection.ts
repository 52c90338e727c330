import type { SocketPhase } from "./socket-phase.js";
import type { ConnectionStatus } from "./types.js";

/** Why the delivery cannot use a socket at all, or "ok". */
export type SocketSupport = "ok" | "no-websocket" | "no-socket-url";

export interface ConnectionFacts {
  stopped: boolean;
  /** At least one listener: the socket and timers run. */
  active: boolean;
  support: SocketSupport;
  phase: SocketPhase;
  /** The socket's reason for its last phase change. */
  phaseReason: string;
  online: boolean;
  watching: boolean;
  pageHidden: boolean;
}

/**
 * The public status from what delivery knows, most decisive fact first. A live socket wins over
 * an `offline` report: `navigator.onLine` is known to be wrong, frames are not.
 */
export function describeConnection(facts: ConnectionFacts): { status: ConnectionStatus; reason: string } {
  if (facts.stopped) return { status: "closed", reason: "stopped" };
  if (!facts.active) return { status: "idle", reason: "no-listeners" };
  if (facts.phase === "forbidden") return { status: "closed", reason: "forbidden" };
  if (facts.phase === "live") return { status: "live", reason: "subscribed" };
  if (!facts.online) return { status: "offline", reason: "offline" };
  if (facts.support !== "ok") return { status: "polling", reason: facts.support };
  if (!facts.watching) return { status: "idle", reason: "no-session" };
  if (facts.pageHidden) return { status: "polling", reason: "page-hidden" };
  if (facts.phase === "auth-failed") return { status: "polling", reason: "auth-failed" };
  if (facts.phase === "down") return { status: "polling", reason: facts.phaseReason };
  return { status: "connecting", reason: facts.phaseReason };
}

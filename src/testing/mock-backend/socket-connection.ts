import { CloseCode, MAX_FRAME_BYTES, clientFrameSchema } from "../../contract/socket.js";
import type { TimerHandle } from "../../shared/timers.js";
import type { AuthGate } from "./auth-gate.js";
import type { MockSocketConnection, MockSocketPeer } from "./types.js";

/** One connected socket as the hub tracks it. */
export interface SocketState {
  peer: MockSocketPeer;
  authed: boolean;
  /** `userOf` of the token that authenticated the socket; fixed from then on. */
  user: string | null;
  /** Session ids asked for; events go out only for those owned by `user`. */
  subscriptions: Set<string>;
  /** Event frames held back while `reorder` is on. */
  held: string[];
  flushTimer: TimerHandle | null;
  open: boolean;
}

export interface SocketProtocolDeps {
  auth: AuthGate;
  /** Who the socket's user is, from the token that authenticated it. */
  userOf(token: string): string;
  /** Called once when the socket ends, whichever side ended it. */
  onEnd(state: SocketState): void;
}

/**
 * Runs the contract's socket protocol for one connection: auth (first frame, or `?token=` in
 * the URL), subscribe, ping, and the 32 KB frame limit. Malformed frames after auth are ignored,
 * as a lenient gateway would. A later `auth` frame is answered `ready` but does not change the
 * socket's user.
 */
export function openSocketConnection(
  peer: MockSocketPeer,
  url: string | undefined,
  deps: SocketProtocolDeps,
): { state: SocketState; connection: MockSocketConnection } {
  const state: SocketState = { peer, authed: false, user: null, subscriptions: new Set(), held: [], flushTimer: null, open: true };
  const authenticate = (token: string) => {
    state.authed = true;
    state.user = deps.userOf(token);
    send({ type: "ready" });
  };

  const send = (frame: object) => safeSend(state, JSON.stringify(frame));
  const end = () => {
    if (!state.open) return;
    state.open = false;
    deps.onEnd(state);
  };
  const close = (code: number, reason: string) => {
    end();
    try {
      peer.close(code, reason);
    } catch {
      // the transport is already gone
    }
  };

  const queryToken = tokenFromUrl(url);
  if (queryToken !== null) {
    if (deps.auth.check(queryToken)) {
      authenticate(queryToken);
    } else {
      close(CloseCode.UNAUTHORIZED, "invalid token");
    }
  }

  const receive = (text: string) => {
    if (!state.open) return;
    if (byteLength(text) > MAX_FRAME_BYTES) return close(CloseCode.TOO_BIG, "frame too large");
    const frame = parseClientFrame(text);
    if (!state.authed) {
      if (frame?.type !== "auth" || !deps.auth.check(frame.token)) return close(CloseCode.UNAUTHORIZED, "authentication failed");
      return authenticate(frame.token);
    }
    if (frame?.type === "auth") return send({ type: "ready" });
    if (frame?.type === "ping") return send({ type: "pong" });
    if (frame?.type === "subscribe") {
      // Acknowledged even for another user's session, as for an unknown id: the hub then sends
      // it nothing. A 4403 close would tell the caller that the session exists.
      state.subscriptions.add(frame.sessionId);
      send({ type: "subscribed", sessionId: frame.sessionId });
    }
  };

  return { state, connection: { receive, closed: end } };
}

/** Sends without throwing: a transport that closed underneath us just misses the frame. */
export function safeSend(state: SocketState, text: string): void {
  if (!state.open) return;
  try {
    state.peer.send(text);
  } catch {
    // closed between our check and the send
  }
}

function parseClientFrame(text: string) {
  try {
    const parsed = clientFrameSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function tokenFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url, "ws://localhost").searchParams.get("token");
  } catch {
    return null;
  }
}

function byteLength(text: string): number {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  return text.length * 3 <= MAX_FRAME_BYTES ? text.length : new TextEncoder().encode(text).byteLength;
}

import type { AuthGate } from "./auth-gate.js";
import type { IdSource } from "./ids.js";
import { openSocketConnection, safeSend, type SocketState } from "./socket-connection.js";
import { defaultSocketEventFaults, strikes, type SocketEventFaults, type UnstampedEvent } from "./socket-events.js";
import type { TimerRegistry } from "./timer-registry.js";
import type { MockSocketConnection, MockSocketPeer } from "./types.js";

/** How `dropSockets` ends connections: a close code, or `"abrupt"` (no close frame: 1006). */
export type SocketDropMode = number | "abrupt";

export interface SocketHub {
  accept(peer: MockSocketPeer, info?: { url?: string }): MockSocketConnection;
  /** Sends an event to every socket of the session's owner (`user`) that subscribed to it. */
  publish(sessionId: string, user: string, event: UnstampedEvent): void;
  /** Sends a raw text frame to every authenticated socket. */
  sendRaw(text: string): void;
  drop(mode?: SocketDropMode, reason?: string): void;
  /** Closes the owner's sockets subscribed to one session (e.g. 1008 when it expired). */
  closeSubscribers(sessionId: string, user: string, code: number, reason: string): void;
  /** Sends the frames held back by `reorder` now. */
  flushHeld(): void;
  count(): number;
  readonly eventFaults: SocketEventFaults;
}

export function createSocketHub(deps: { auth: AuthGate; userOf: (token: string) => string; ids: IdSource; timers: TimerRegistry }): SocketHub {
  const sockets = new Set<SocketState>();
  const eventFaults = defaultSocketEventFaults();

  const forget = (state: SocketState) => {
    sockets.delete(state);
    if (state.flushTimer !== null) deps.timers.clear(state.flushTimer);
    state.flushTimer = null;
  };

  const flush = (state: SocketState) => {
    state.flushTimer = null;
    const frames = state.held.reverse();
    state.held = [];
    for (const frame of frames) safeSend(state, frame);
  };

  const deliver = (state: SocketState, frame: string, hold: boolean) => {
    if (!hold) return safeSend(state, frame);
    state.held.push(frame);
    state.flushTimer ??= deps.timers.set(() => flush(state), eventFaults.reorderWindowMs);
  };

  const end = (state: SocketState, mode: SocketDropMode, reason: string) => {
    forget(state);
    state.open = false;
    try {
      if (mode !== "abrupt") state.peer.close(mode, reason);
      else if (state.peer.terminate) state.peer.terminate();
      else state.peer.close(1006, reason);
    } catch {
      // already gone
    }
  };

  return {
    eventFaults,
    accept(peer, info = {}) {
      const { state, connection } = openSocketConnection(peer, info.url, { auth: deps.auth, userOf: deps.userOf, onEnd: forget });
      if (state.open) sockets.add(state);
      return connection;
    },
    publish(sessionId, user, event) {
      if (strikes(eventFaults.drop, event)) return;
      const frame = JSON.stringify({ ...event, eventId: deps.ids.next("evt") });
      const hold = strikes(eventFaults.reorder, event);
      const twice = strikes(eventFaults.duplicate, event);
      for (const state of [...sockets]) {
        if (!isSubscriber(state, sessionId, user)) continue;
        deliver(state, frame, hold);
        if (twice) deliver(state, frame, hold);
      }
    },
    sendRaw(text) {
      for (const state of [...sockets]) if (state.authed) safeSend(state, text);
    },
    drop(mode = "abrupt", reason = "dropped by the mock backend") {
      for (const state of [...sockets]) end(state, mode, reason);
    },
    closeSubscribers(sessionId, user, code, reason) {
      for (const state of [...sockets]) if (isSubscriber(state, sessionId, user)) end(state, code, reason);
    },
    flushHeld() {
      for (const state of [...sockets]) {
        if (state.flushTimer !== null) deps.timers.clear(state.flushTimer);
        flush(state);
      }
    },
    count: () => sockets.size,
  };
}

/** Only the owner's sockets hear about a session, whoever else subscribed to its id. */
function isSubscriber(state: SocketState, sessionId: string, user: string): boolean {
  return state.authed && state.user === user && state.subscriptions.has(sessionId);
}

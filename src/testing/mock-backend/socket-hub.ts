import type { AuthGate } from "./auth-gate.js";
import type { IdSource } from "./ids.js";
import { openSocketConnection, safeSend, type SocketState } from "./socket-connection.js";
import { defaultSocketEventFaults, type SocketEventFaults, type UnstampedEvent } from "./socket-events.js";
import type { TimerRegistry } from "./timer-registry.js";
import type { MockSocketConnection, MockSocketPeer } from "./types.js";

/** How `dropSockets` ends connections: a close code, or `"abrupt"` (no close frame: 1006). */
export type SocketDropMode = number | "abrupt";

export interface SocketHub {
  accept(peer: MockSocketPeer, info?: { url?: string }): MockSocketConnection;
  /** Sends an event to every authenticated socket subscribed to the session. */
  publish(sessionId: string, event: UnstampedEvent): void;
  /** Sends a raw text frame to every authenticated socket. */
  sendRaw(text: string): void;
  drop(mode?: SocketDropMode, reason?: string): void;
  /** Closes the sockets subscribed to one session (e.g. 1008 when it expired). */
  closeSubscribers(sessionId: string, code: number, reason: string): void;
  /** Sends the frames held back by `reorder` now. */
  flushHeld(): void;
  count(): number;
  readonly eventFaults: SocketEventFaults;
}

export function createSocketHub(deps: { auth: AuthGate; ids: IdSource; timers: TimerRegistry }): SocketHub {
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

  const deliver = (state: SocketState, frame: string) => {
    if (!eventFaults.reorder) return safeSend(state, frame);
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
      const { state, connection } = openSocketConnection(peer, info.url, { auth: deps.auth, onEnd: forget });
      if (state.open) sockets.add(state);
      return connection;
    },
    publish(sessionId, event) {
      if (eventFaults.drop) return;
      const frame = JSON.stringify({ ...event, eventId: deps.ids.next("evt") });
      for (const state of [...sockets]) {
        if (!state.authed || !state.subscriptions.has(sessionId)) continue;
        deliver(state, frame);
        if (eventFaults.duplicate) deliver(state, frame);
      }
    },
    sendRaw(text) {
      for (const state of [...sockets]) if (state.authed) safeSend(state, text);
    },
    drop(mode = "abrupt", reason = "dropped by the mock backend") {
      for (const state of [...sockets]) end(state, mode, reason);
    },
    closeSubscribers(sessionId, code, reason) {
      for (const state of [...sockets]) if (state.subscriptions.has(sessionId)) end(state, code, reason);
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

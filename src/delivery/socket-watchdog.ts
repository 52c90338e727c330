import type { TimerHandle, Timers } from "../shared/timers.js";

export type AwaitedReply = "ready" | "subscribed" | "pong";

/**
 * Liveness of one open socket: app-level pings on an interval, and a deadline for every reply the
 * client waits for. A dead TCP connection often shows no `close` for minutes; silence is the
 * only reliable sign, so liveness comes from frames, never from close codes.
 */
export interface SocketWatchdog {
  /** Starts waiting for a reply; the earliest pending deadline stays in force. */
  expect(reply: AwaitedReply): void;
  /** The reply came. */
  satisfy(reply: AwaitedReply): void;
  /** Any frame proves the connection alive, so it answers a ping as well as a `pong` does. */
  sawFrame(): void;
  /** Pings every interval until `stop()`. */
  startPings(): void;
  /** Clears every timer. */
  stop(): void;
}

export interface SocketWatchdogOptions {
  timers: Timers;
  heartbeatIntervalMs: number;
  replyTimeoutMs: number;
  sendPing(): void;
  /** No reply in time: the socket should be replaced. */
  onSilent(reason: "handshake-timeout" | "heartbeat-timeout"): void;
}

export function createSocketWatchdog(options: SocketWatchdogOptions): SocketWatchdog {
  const { timers } = options;
  const awaited = new Set<AwaitedReply>();
  let deadline: TimerHandle | null = null;
  let pingTimer: TimerHandle | null = null;

  const clearDeadline = () => {
    if (deadline !== null) timers.clearTimeout(deadline);
    deadline = null;
  };

  const satisfy = (reply: AwaitedReply) => {
    awaited.delete(reply);
    if (awaited.size === 0) clearDeadline();
  };

  const expect = (reply: AwaitedReply) => {
    awaited.add(reply);
    deadline ??= timers.setTimeout(() => {
      deadline = null;
      const reason = awaited.has("pong") && awaited.size === 1 ? "heartbeat-timeout" : "handshake-timeout";
      awaited.clear();
      options.onSilent(reason);
    }, options.replyTimeoutMs);
  };

  const schedulePing = () => {
    pingTimer = timers.setTimeout(() => {
      pingTimer = null;
      options.sendPing();
      expect("pong");
      schedulePing();
    }, options.heartbeatIntervalMs);
  };

  return {
    expect,
    satisfy,
    sawFrame: () => satisfy("pong"),
    startPings() {
      if (pingTimer === null) schedulePing();
    },
    stop() {
      clearDeadline();
      awaited.clear();
      if (pingTimer !== null) timers.clearTimeout(pingTimer);
      pingTimer = null;
    },
  };
}

import ReconnectingWebSocket, { type CloseEvent } from "reconnecting-websocket";
import type { TokenProvider } from "../api/token-provider.js";
import { parseServerFrame } from "../contract/parse-frame.js";
import { CloseCode, type ClientFrame, type ServerEvent, type ServerFrame } from "../contract/socket.js";
import { AuthError } from "../errors/auth-error.js";
import type { CoachingError } from "../errors/coaching-error.js";
import { backoffDelay } from "../shared/backoff.js";
import type { Logger } from "../shared/logger.js";
import type { TimerHandle, Timers } from "../shared/timers.js";
import type { WebSocketConstructor } from "../shared/websocket.js";
import { createSocketWatchdog } from "./socket-watchdog.js";
import { adaptWebSocketClass, withTokenParameter } from "./websocket-class-adapter.js";

/** Where the socket stands; the delivery maps this to the public `ConnectionStatus`. */
export type SocketPhase =
  /** Not running: never started, stopped, or the page was hidden. */
  | "stopped"
  /** Started; waiting for the first connection to open. */
  | "connecting"
  /** Open; the auth frame (or query token) is waiting for `ready`. */
  | "authenticating"
  /** Authenticated, with no session to subscribe. */
  | "ready"
  /** `subscribe` sent, waiting for `subscribed`. */
  | "subscribing"
  /** Subscribed to the current session: events flow. */
  | "live"
  /** Dropped or failed; reconnecting with backoff. */
  | "down"
  /** Two 4401 closes in a row: the socket rests, then tries again slowly. */
  | "auth-failed"
  /** Closed with 4403: never reopened by this connection. */
  | "forbidden";

export interface SocketConnectionOptions {
  url: string;
  auth: "message" | "query";
  WebSocket: WebSocketConstructor;
  tokens: TokenProvider;
  timers: Timers;
  random: () => number;
  logger: Logger;
  heartbeatIntervalMs: number;
  pongTimeoutMs: number;
  reconnectInitialDelayMs: number;
  reconnectMaxDelayMs: number;
  onPhase(phase: SocketPhase, reason: string): void;
  onEvent(event: ServerEvent): void;
  onError(error: CoachingError): void;
}

/** One logical socket to the coaching gateway, reconnected for as long as it runs. */
export interface SocketConnection {
  /** Opens the socket unless it runs already or was forbidden. */
  start(): void;
  /** Closes the socket and clears its timers. */
  stop(reason: string): void;
  /** The session to subscribe, now and after every reconnect. */
  setSession(sessionId: string | null): void;
  /**
   * Checks the socket after a hint that the network changed (online, page visible): pings a
   * socket that looks open, reconnects a down one at once, retries after an auth failure.
   */
  probe(): void;
  phase(): SocketPhase;
}

/** After two 4401 closes in a row, the socket rests this long before one more try with a fresh token. */
export const AUTH_RETRY_DELAY_MS = 5 * 60_000;

/** The close code for sockets the client replaces itself (4000-4999 are the application's). */
const CLIENT_RECONNECT_CODE = 4000;

/**
 * Wraps reconnecting-websocket with the contract: auth (first frame or query token), subscribe
 * after every `ready`, heartbeat, and the 4401/4403 close codes.
 *
 * The reconnect delay is owned here, not by reconnecting-websocket (its delays are set to 0): the
 * URL provider it awaits before each attempt sleeps the jittered backoff on the injected timers
 * and fetches a fresh token, so each reconnect gets a current token and tests control time.
 */
export function createSocketConnection(options: SocketConnectionOptions): SocketConnection {
  const { timers, logger, tokens } = options;
  const WebSocketClass = adaptWebSocketClass(options.WebSocket);

  let socket: ReconnectingWebSocket | null = null;
  /** Bumped on every start/stop so late callbacks of an old socket do nothing. */
  let generation = 0;
  let phase: SocketPhase = "stopped";
  let session: string | null = null;
  let opened = false;
  /** Connection attempts since the last `ready`; drives the backoff. */
  let failures = 0;
  let unauthorizedInARow = 0;
  let authErrorReported = false;
  let refreshToken = false;
  let connectNow = false;
  /** The token fetched for the connection being opened; dropped once the auth frame is sent. */
  let pendingToken: string | null = null;
  let forcedReason: string | null = null;
  let wakeUp: (() => void) | null = null;
  let authRetry: TimerHandle | null = null;

  const setPhase = (next: SocketPhase, reason: string) => {
    if (next === phase) return;
    phase = next;
    options.onPhase(next, reason);
  };

  const send = (frame: ClientFrame) => {
    if (socket && opened) socket.send(JSON.stringify(frame));
  };

  const watchdog = createSocketWatchdog({
    timers,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    replyTimeoutMs: options.pongTimeoutMs,
    sendPing: () => send({ type: "ping" }),
    onSilent(reason) {
      if (!socket || !opened) return;
      logger.warn(`delivery: the socket did not answer in time (${reason}); reconnecting`);
      forcedReason = reason;
      connectNow = true;
      socket.reconnect(CLIENT_RECONNECT_CODE, reason);
    },
  });

  /** Sleeps on the injected timers; `wakeUp()` ends the sleep early (stop, or reconnect now). */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = timers.setTimeout(() => done(), ms);
      const done = () => {
        timers.clearTimeout(handle);
        wakeUp = null;
        resolve();
      };
      wakeUp = done;
    });

  // reconnecting-websocket awaits this before every attempt. It must never reject: a rejection
  // would leave that library's connect lock held and the socket dead for good.
  const nextUrl = async (forGeneration: number): Promise<string> => {
    const delay =
      connectNow || failures === 0
        ? 0
        : backoffDelay(failures - 1, { initialMs: options.reconnectInitialDelayMs, maxMs: options.reconnectMaxDelayMs, random: options.random });
    connectNow = false;
    if (delay > 0) await pause(delay);
    if (forGeneration !== generation) return options.url;
    let token: string | null = null;
    try {
      token = refreshToken ? await tokens.refresh("socket") : await tokens.get("socket");
      refreshToken = false;
    } catch (error) {
      logger.warn("delivery: could not get a token for the socket; connecting without one", {
        error: error instanceof Error ? error.message : "unknown",
      });
    }
    if (forGeneration !== generation) return options.url;
    pendingToken = token;
    return options.auth === "query" && token ? withTokenParameter(options.url, token) : options.url;
  };

  const subscribeSession = () => {
    if (session === null) return setPhase("ready", "no-session");
    send({ type: "subscribe", sessionId: session });
    watchdog.expect("subscribed");
    setPhase("subscribing", "subscribing");
  };

  const onFrame = (frame: ServerFrame) => {
    switch (frame.type) {
      case "ready":
        if (phase !== "authenticating") return;
        watchdog.satisfy("ready");
        failures = 0;
        unauthorizedInARow = 0;
        authErrorReported = false;
        watchdog.startPings();
        return subscribeSession();
      case "subscribed":
        // A late `subscribed` for a previous session must not mark the new one live.
        if (phase !== "subscribing" || frame.sessionId !== session) return;
        watchdog.satisfy("subscribed");
        return setPhase("live", "subscribed");
      case "pong":
        return;
      default:
        options.onEvent(frame);
    }
  };

  const onOpen = () => {
    opened = true;
    setPhase("authenticating", "socket-open");
    if (options.auth === "message" && pendingToken !== null) send({ type: "auth", token: pendingToken });
    pendingToken = null;
    watchdog.expect("ready");
  };

  const onMessage = (event: MessageEvent) => {
    watchdog.sawFrame();
    const parsed = parseServerFrame(event.data);
    if (parsed.kind === "frame") return onFrame(parsed.frame);
    if (parsed.kind === "unknown") return logger.debug("delivery: skipped a socket frame of unknown type", { type: parsed.type });
    logger.warn(`delivery: skipped an invalid socket frame (${parsed.reason})`, { reason: parsed.reason, detail: parsed.detail });
  };

  // reconnecting-websocket reports a failed attempt as close(1000), so the code tells little;
  // only the contract's auth codes change the course here.
  const onClose = (event: CloseEvent) => {
    opened = false;
    pendingToken = null;
    watchdog.stop();
    const reason = forcedReason ?? "socket-closed";
    forcedReason = null;
    if (event.code === CloseCode.FORBIDDEN) {
      teardown();
      setPhase("forbidden", "forbidden");
      options.onError(new AuthError("forbidden", { operation: "socket" }));
      return;
    }
    if (event.code === CloseCode.UNAUTHORIZED) {
      unauthorizedInARow += 1;
      if (unauthorizedInARow >= 2) return restAfterAuthFailure();
      refreshToken = true;
      connectNow = true;
      return setPhase("down", "unauthorized");
    }
    failures += 1;
    logger.debug("delivery: the socket closed; reconnecting", { code: event.code, reason });
    setPhase("down", reason);
  };

  const onError = () => logger.debug("delivery: socket error; reconnecting");

  // The token was refused even freshly refreshed. Reconnecting at once would hammer the gateway
  // and the auth provider, so the socket rests and jobs are polled meanwhile.
  const restAfterAuthFailure = () => {
    teardown();
    setPhase("auth-failed", "auth-failed");
    if (!authErrorReported) {
      authErrorReported = true;
      options.onError(new AuthError("unauthorized", { operation: "socket" }));
    }
    authRetry = timers.setTimeout(() => {
      authRetry = null;
      start();
    }, AUTH_RETRY_DELAY_MS);
  };

  const clearAuthRetry = () => {
    if (authRetry !== null) timers.clearTimeout(authRetry);
    authRetry = null;
  };

  function teardown() {
    generation += 1;
    wakeUp?.();
    watchdog.stop();
    opened = false;
    pendingToken = null;
    if (!socket) return;
    const closing = socket;
    socket = null;
    closing.removeEventListener("open", onOpen);
    closing.removeEventListener("message", onMessage);
    closing.removeEventListener("close", onClose);
    closing.removeEventListener("error", onError);
    closing.close(1000, "client-stop");
  }

  function start() {
    if (socket || phase === "forbidden") return;
    clearAuthRetry();
    if (phase === "auth-failed") {
      // One more chance, with a fresh token; a 4401 now fails again at once.
      refreshToken = true;
      unauthorizedInARow = 1;
    }
    const forGeneration = ++generation;
    // A new instance per start: reconnecting-websocket cannot reliably restart after close().
    socket = new ReconnectingWebSocket(() => nextUrl(forGeneration), undefined, {
      WebSocket: WebSocketClass,
      minReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      connectionTimeout: options.pongTimeoutMs,
      // Never replay frames queued while closed: the first frame of a connection must be `auth`.
      maxEnqueuedMessages: 0,
    });
    socket.addEventListener("open", onOpen);
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", onClose);
    socket.addEventListener("error", onError);
    setPhase("connecting", "socket-connecting");
  }

  return {
    start,
    stop(reason) {
      clearAuthRetry();
      teardown();
      failures = 0;
      unauthorizedInARow = 0;
      connectNow = false;
      if (phase !== "forbidden") setPhase("stopped", reason);
    },
    setSession(sessionId) {
      if (sessionId === session) return;
      session = sessionId;
      if (phase === "ready" || phase === "subscribing" || phase === "live") {
        watchdog.satisfy("subscribed");
        subscribeSession();
      }
    },
    probe() {
      if (phase === "forbidden") return;
      if (!socket) {
        if (phase === "auth-failed") start();
        return;
      }
      if (opened) {
        // An open-looking socket may be a zombie after sleep or a network switch: ask it.
        if (phase === "ready" || phase === "subscribing" || phase === "live") {
          send({ type: "ping" });
          watchdog.expect("pong");
        }
        return;
      }
      connectNow = true;
      wakeUp?.();
    },
    phase: () => phase,
  };
}

import ReconnectingWebSocket, { type CloseEvent } from "reconnecting-websocket";
import type { TokenProvider } from "../api/token-provider.js";
import { parseServerFrame } from "../contract/parse-frame.js";
import { CloseCode, type ClientFrame, type ServerEvent, type ServerFrame } from "../contract/socket.js";
import { AuthError } from "../errors/auth-error.js";
import type { CoachingError } from "../errors/coaching-error.js";
import type { Logger } from "../shared/logger.js";
import type { TimerHandle, Timers } from "../shared/timers.js";
import type { WebSocketConstructor } from "../shared/websocket.js";
import { createSocketAttempts } from "./socket-attempts.js";
import type { SocketPhase } from "./socket-phase.js";
import { createSocketWatchdog } from "./socket-watchdog.js";
import { adaptWebSocketClass } from "./websocket-class-adapter.js";

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
  /** The gateway closed with `1008`: the subscribed session expired. The socket reconnects as usual. */
  onSessionClosed(sessionId: string): void;
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
 * after every `ready`, heartbeat, and the 4401/4403 close codes. Its own reconnect delays are 0:
 * the URL provider it awaits before each attempt (see `createSocketAttempts`) sleeps a jittered
 * backoff on the injected timers and fetches a fresh token.
 */
export function createSocketConnection(options: SocketConnectionOptions): SocketConnection {
  const { logger } = options;
  const WebSocketClass = adaptWebSocketClass(options.WebSocket);

  let socket: ReconnectingWebSocket | null = null;
  /** Bumped on every start/stop so the late callbacks of an old socket do nothing. */
  let generation = 0;
  let phase: SocketPhase = "stopped";
  let session: string | null = null;
  let opened = false;
  let unauthorizedInARow = 0;
  /** One auth error event per failure streak; a `ready` ends the streak. */
  let authErrorReported = false;
  let forcedReason: string | null = null;
  let authRetry: TimerHandle | null = null;

  const setPhase = (next: SocketPhase, reason: string) => {
    if (next === phase) return;
    phase = next;
    options.onPhase(next, reason);
  };

  const reportAuthError = (error: AuthError) => {
    if (authErrorReported) return;
    authErrorReported = true;
    options.onError(error);
  };

  const send = (frame: ClientFrame) => {
    if (socket && opened) socket.send(JSON.stringify(frame));
  };

  const attempts = createSocketAttempts({
    url: options.url,
    auth: options.auth,
    tokens: options.tokens,
    timers: options.timers,
    random: options.random,
    initialDelayMs: options.reconnectInitialDelayMs,
    maxDelayMs: options.reconnectMaxDelayMs,
    onTokenError(error) {
      logger.warn("delivery: could not get a token for the socket; retrying later", { error: error.message });
      reportAuthError(error instanceof AuthError ? error : new AuthError("token-unavailable", { operation: "socket", cause: error }));
    },
  });

  const watchdog = createSocketWatchdog({
    timers: options.timers,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    replyTimeoutMs: options.pongTimeoutMs,
    sendPing: () => send({ type: "ping" }),
    onSilent(reason) {
      if (!socket || !opened) return;
      logger.warn(`delivery: the socket did not answer in time (${reason}); reconnecting`);
      forcedReason = reason;
      attempts.hurry();
      socket.reconnect(CLIENT_RECONNECT_CODE, reason);
    },
  });

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
        attempts.succeeded();
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
    const token = attempts.takeToken();
    // A null token means an unauthenticated backend (getToken returned null): nothing to send.
    if (options.auth === "message" && token !== null) send({ type: "auth", token });
    watchdog.expect("ready");
  };

  const onMessage = (event: MessageEvent) => {
    watchdog.sawFrame();
    const parsed = parseServerFrame(event.data);
    if (parsed.kind === "unknown") return logger.debug("delivery: skipped a socket frame of unknown type", { type: parsed.type });
    if (parsed.kind === "invalid") {
      return logger.warn(`delivery: skipped an invalid socket frame (${parsed.reason})`, { reason: parsed.reason, detail: parsed.detail });
    }
    // A throw here would escape into the WebSocket's event dispatch (and crash Node's `ws`).
    try {
      onFrame(parsed.frame);
    } catch (error) {
      logger.error("delivery: handling a socket frame failed; skipped it", error);
    }
  };

  // reconnecting-websocket reports a failed attempt as close(1000), so the code tells little;
  // only the contract's auth codes change the course here.
  const onClose = (event: CloseEvent) => {
    opened = false;
    watchdog.stop();
    attempts.takeToken();
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
      attempts.refreshToken();
      attempts.hurry();
      return setPhase("down", "unauthorized");
    }
    if (event.code === CloseCode.POLICY && session !== null) options.onSessionClosed(session);
    attempts.failed();
    logger.debug("delivery: the socket closed; reconnecting", { code: event.code, reason });
    setPhase("down", reason);
  };

  const onError = () => logger.debug("delivery: socket error; reconnecting");

  // The token was refused even freshly refreshed. Reconnecting at once would hammer the gateway
  // and the auth provider, so the socket rests and jobs are polled meanwhile.
  const restAfterAuthFailure = () => {
    teardown();
    setPhase("auth-failed", "auth-failed");
    reportAuthError(new AuthError("unauthorized", { operation: "socket" }));
    authRetry = options.timers.setTimeout(() => {
      authRetry = null;
      start();
    }, AUTH_RETRY_DELAY_MS);
  };

  const clearAuthRetry = () => {
    if (authRetry !== null) options.timers.clearTimeout(authRetry);
    authRetry = null;
  };

  function teardown() {
    generation += 1;
    attempts.reset();
    watchdog.stop();
    opened = false;
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
      // One more chance with a fresh token; a 4401 now fails again at once.
      attempts.refreshToken();
      unauthorizedInARow = 1;
    }
    const current = ++generation;
    // A new instance per start: reconnecting-websocket cannot reliably restart after close().
    socket = new ReconnectingWebSocket(() => attempts.nextUrl(() => current === generation), undefined, {
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
      unauthorizedInARow = 0;
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
      if (!opened) return attempts.hurry();
      // An open-looking socket may be a zombie after sleep or a network switch: ask it.
      if (phase === "ready" || phase === "subscribing" || phase === "live") {
        send({ type: "ping" });
        watchdog.expect("pong");
      }
    },
    phase: () => phase,
  };
}

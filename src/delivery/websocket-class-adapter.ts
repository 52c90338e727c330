import type { WebSocketConstructor, WebSocketLike } from "../shared/websocket.js";

const ignore = () => {};

/**
 * Wraps the injected WebSocket class for reconnecting-websocket, which needs two things the
 * `WebSocketLike` contract does not promise:
 * - the static `CLOSING === 2` it checks to accept a class;
 * - a socket that never throws from a late `error`: it removes its own listeners before closing
 *   a socket that is still connecting, and Node's `ws` then throws the "closed before the
 *   connection was established" error as an unhandled EventEmitter error.
 */
export function adaptWebSocketClass(WebSocketClass: WebSocketConstructor): WebSocketConstructor {
  function AdaptedWebSocket(url: string, protocols?: string | string[]): WebSocketLike {
    const socket = protocols === undefined ? new WebSocketClass(url) : new WebSocketClass(url, protocols);
    socket.addEventListener("error", ignore);
    return socket;
  }
  // Returning an object from a constructor makes `new AdaptedWebSocket(...)` yield that object.
  return Object.assign(AdaptedWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 }) as unknown as WebSocketConstructor;
}

/** The socket URL with the token as a query parameter (for deployments that authenticate that way). */
export function withTokenParameter(url: string, token: string): string {
  const withToken = new URL(url);
  withToken.searchParams.set("token", token);
  return withToken.toString();
}

/** Whether the URL is one a WebSocket constructor accepts; a bad one would wedge the reconnect loop. */
export function isSocketUrl(url: string): boolean {
  try {
    return ["ws:", "wss:", "http:", "https:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

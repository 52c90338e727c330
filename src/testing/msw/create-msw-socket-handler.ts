import { ws, type WebSocketHandler } from "msw";
import type { MockCoachingBackend } from "../mock-backend/backend-types.js";

export interface MswSocketHandlerOptions {
  /** The socket URL to intercept (query strings are ignored when matching). @default the backend's `socketUrl` */
  url?: string;
}

/**
 * An msw WebSocket handler that runs the backend's socket protocol for every intercepted
 * connection. msw patches the global `WebSocket`, so the client under test needs no changes.
 *
 * @example
 * const server = setupServer(createMswSocketHandler(backend, { url: "wss://ws.example.com/coaching" }));
 */
export function createMswSocketHandler(backend: MockCoachingBackend, options: MswSocketHandlerOptions = {}): WebSocketHandler {
  const link = ws.link(options.url ?? backend.socketUrl);
  return link.addEventListener("connection", ({ client }) => {
    const connection = backend.acceptSocket(
      {
        send: (text) => client.send(text),
        close: (code, reason) => client.close(code, reason),
        // msw's client can close with codes a browser may not send, so 1006 stands for "dropped".
        terminate: () => client.close(1006, "connection dropped"),
      },
      { url: client.url.href },
    );
    client.addEventListener("message", (event) => {
      connection.receive(frameText(event.data));
    });
    client.addEventListener("close", () => connection.closed());
  });
}

/** Text of a frame; binary frames are decoded as UTF-8 (a Blob cannot be read synchronously). */
function frameText(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return "";
}

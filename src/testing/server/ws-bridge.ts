import type { IncomingMessage } from "node:http";
import type { WebSocket, WebSocketServer } from "ws";
import type { MockCoachingBackend } from "../mock-backend/backend-types.js";

/** Connects every socket of a `ws` server to the backend's socket protocol. */
export function bridgeWebSocketServer(wss: WebSocketServer, backend: () => MockCoachingBackend): void {
  wss.on("connection", (socket: WebSocket, req: IncomingMessage) => {
    const connection = backend().acceptSocket(
      {
        send: (text) => socket.send(text),
        close: (code, reason) => socket.close(code, reason),
        // No close frame at all: the client reports 1006, as with a real network drop.
        terminate: () => socket.terminate(),
      },
      { url: `ws://${req.headers.host ?? "localhost"}${req.url ?? "/"}` },
    );
    // Binary frames are read as UTF-8 text, as the msw adapter does.
    socket.on("message", (data) => connection.receive(data.toString()));
    socket.on("close", () => connection.closed());
    // A peer resetting the connection is normal in these tests; `close` follows.
    socket.on("error", () => {});
  });
}

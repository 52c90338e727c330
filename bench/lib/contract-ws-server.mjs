import { WebSocketServer } from "ws";

/**
 * A minimal contract-speaking `ws` server on 127.0.0.1 (auth → ready, subscribe → subscribed,
 * ping → pong). Each connection is labelled by its `?client=` query parameter, so the bench can
 * push a frame to one named client and time it from this process.
 */
export async function startContractWsServer() {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  const peers = new Map();
  wss.on("connection", (socket, request) => {
    const label = new URL(request.url ?? "/", "http://localhost").searchParams.get("client") ?? "anonymous";
    peers.set(label, socket);
    socket.on("error", () => {});
    socket.on("close", () => {
      if (peers.get(label) === socket) peers.delete(label);
    });
    socket.on("message", (data) => {
      let frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      if (frame.type === "auth") socket.send(JSON.stringify({ type: "ready" }));
      else if (frame.type === "subscribe") socket.send(JSON.stringify({ type: "subscribed", sessionId: frame.sessionId }));
      else if (frame.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
    });
  });
  const { port } = wss.address();
  return {
    urlFor: (label) => `ws://127.0.0.1:${port}/coaching?client=${encodeURIComponent(label)}`,
    peer: (label) => peers.get(label),
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

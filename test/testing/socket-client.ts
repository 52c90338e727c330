import { waitFor } from "./support.js";

/** The parts of a WebSocket these tests use; the global one and `ws` both fit. */
interface SocketLike {
  send(data: string): void;
  close(code?: number): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}

/** Records frames and the close of a client socket, with bounded waits on them. */
export function recordSocket(socket: SocketLike) {
  const frames: any[] = [];
  let close: { code: number; reason: string } | null = null;
  let opened = false;
  socket.addEventListener("open", () => void (opened = true));
  socket.addEventListener("message", (event) => {
    const text = typeof event.data === "string" ? event.data : String(event.data);
    try {
      frames.push(JSON.parse(text));
    } catch {
      frames.push({ raw: text });
    }
  });
  socket.addEventListener("close", (event) => void (close = { code: event.code, reason: event.reason }));
  const send = (frame: object) => socket.send(JSON.stringify(frame));
  const frame = (predicate: (frame: any) => boolean) => waitFor(() => frames.find(predicate));
  return {
    frames,
    send,
    opened: () => waitFor(() => opened),
    frame,
    /** Waits for `ready` (auth by query or an earlier frame), then subscribes to the session. */
    async subscribe(sessionId: string) {
      await frame((f) => f.type === "ready");
      send({ type: "subscribe", sessionId });
      await frame((f) => f.type === "subscribed" && f.sessionId === sessionId);
    },
    closed: () => waitFor(() => close),
    isClosed: () => close !== null,
    close: () => socket.close(1000),
  };
}

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
  return {
    frames,
    send: (frame: object) => socket.send(JSON.stringify(frame)),
    opened: () => waitFor(() => opened),
    frame: (predicate: (frame: any) => boolean) => waitFor(() => frames.find(predicate)),
    closed: () => waitFor(() => close),
    isClosed: () => close !== null,
    close: () => socket.close(1000),
  };
}

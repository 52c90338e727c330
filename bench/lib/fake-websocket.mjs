/**
 * An in-process WebSocket class that speaks the contract's handshake (auth → ready, subscribe →
 * subscribed, ping → pong) without any network. Used where the bench measures the SDK's own CPU
 * and memory: frames are handed to the SDK synchronously by `push(text)`, so nothing but the SDK
 * (and its dependencies: reconnecting-websocket, zod) runs between push and the SDK's listener.
 */
export class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  /** Every instance ever opened, newest last (a bench opens a handful). */
  static instances = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.binaryType = "blob";
    this.listeners = { open: [], message: [], close: [], error: [] };
    this.sent = 0;
    FakeWebSocket.instances.push(this);
    setImmediate(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.dispatch("open", { type: "open" });
    });
  }

  static latestOpen() {
    for (let i = FakeWebSocket.instances.length - 1; i >= 0; i--) {
      if (FakeWebSocket.instances[i].readyState === 1) return FakeWebSocket.instances[i];
    }
    return undefined;
  }

  static reset() {
    FakeWebSocket.instances = [];
  }

  addEventListener(type, listener) {
    (this.listeners[type] ??= []).push(listener);
  }

  removeEventListener(type, listener) {
    const list = this.listeners[type];
    if (list) this.listeners[type] = list.filter((l) => l !== listener);
  }

  dispatch(type, event) {
    const list = this.listeners[type];
    if (!list) return;
    for (const listener of list.slice()) listener(event);
  }

  /** The server side: delivers one text frame to the client, synchronously. */
  push(text) {
    if (this.readyState === 1) this.dispatch("message", { type: "message", data: text });
  }

  send(text) {
    this.sent += 1;
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const reply = (object) => setImmediate(() => this.push(JSON.stringify(object)));
    if (frame.type === "auth") reply({ type: "ready" });
    else if (frame.type === "subscribe") reply({ type: "subscribed", sessionId: frame.sessionId });
    else if (frame.type === "ping") reply({ type: "pong" });
  }

  close(code = 1000, reason = "") {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    setImmediate(() => this.dispatch("close", { type: "close", code, reason, wasClean: true }));
  }
}

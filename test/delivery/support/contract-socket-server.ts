import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** One client connection as the test server sees it. */
export interface ServerPeer {
  /** The request path and query (`/coaching?token=...`). */
  readonly requestUrl: string;
  /** Every frame the client sent, parsed. */
  readonly frames: Array<Record<string, unknown>>;
  /** Sends an object as JSON, or a string as is. */
  send(frame: unknown): void;
  close(code?: number, reason?: string): void;
  readonly closed: boolean;
}

/** What the server does on its own; tests flip these as a scenario unfolds. */
export interface ServerBehaviour {
  /** Answers `auth` with `ready` when this accepts the token, else closes with 4401. */
  acceptToken(token: string | null): boolean;
  /** The token comes as a `token` query parameter, and `ready` is sent on connect. */
  queryAuth: boolean;
  /** Never answers `auth` (a gateway stuck mid-handshake). */
  ignoreAuth: boolean;
  autoSubscribe: boolean;
  autoPong: boolean;
  /** Runs after `subscribed` was sent, e.g. to push events to a fresh subscriber. */
  afterSubscribe?: ((peer: ServerPeer, sessionId: string) => void) | undefined;
}

/** A contract-speaking WebSocket server on 127.0.0.1, scripted by the test. */
export interface ContractSocketServer {
  readonly url: string;
  readonly peers: ServerPeer[];
  readonly behaviour: ServerBehaviour;
  /** The newest peer whose connection is still open. */
  livePeer(): ServerPeer | undefined;
  /** Sends to every open peer. */
  broadcast(frame: unknown): void;
  /** Drops every connection abruptly and stops listening (a crashed gateway). */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startContractSocketServer(behaviour: Partial<ServerBehaviour> = {}): Promise<ContractSocketServer> {
  const rules: ServerBehaviour = { acceptToken: () => true, queryAuth: false, ignoreAuth: false, autoSubscribe: true, autoPong: true, ...behaviour };
  const peers: ServerPeer[] = [];
  const sockets = new Set<WebSocket>();
  let wss: WebSocketServer | null = null;
  let port = 0;

  const attach = (socket: WebSocket, requestUrl: string) => {
    sockets.add(socket);
    let closed = false;
    const peer: ServerPeer = {
      requestUrl,
      frames: [],
      send: (frame) => {
        if (socket.readyState === socket.OPEN) socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
      },
      close: (code, reason) => socket.close(code, reason),
      get closed() {
        return closed;
      },
    };
    peers.push(peer);
    socket.on("close", () => {
      closed = true;
      sockets.delete(socket);
    });
    socket.on("error", () => {});
    socket.on("message", (data) => {
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        return;
      }
      peer.frames.push(frame);
      if (frame.type === "auth" && !rules.queryAuth && !rules.ignoreAuth) {
        if (rules.acceptToken(typeof frame.token === "string" ? frame.token : null)) peer.send({ type: "ready" });
        else socket.close(4401, "unauthorized");
      } else if (frame.type === "subscribe" && rules.autoSubscribe) {
        peer.send({ type: "subscribed", sessionId: frame.sessionId });
        rules.afterSubscribe?.(peer, String(frame.sessionId));
      } else if (frame.type === "ping" && rules.autoPong) {
        peer.send({ type: "pong" });
      }
    });
    if (rules.queryAuth) {
      const token = new URL(requestUrl, "http://localhost").searchParams.get("token");
      if (rules.acceptToken(token)) peer.send({ type: "ready" });
      else socket.close(4401, "unauthorized");
    }
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const server = new WebSocketServer({ host: "127.0.0.1", port });
      server.once("listening", () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
      server.once("error", reject);
      server.on("connection", (socket, request) => attach(socket, request.url ?? "/"));
      wss = server;
    });

  const shutdown = async () => {
    for (const socket of sockets) socket.terminate();
    sockets.clear();
    const server = wss;
    wss = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  await listen();

  return {
    get url() {
      return `ws://127.0.0.1:${port}/coaching`;
    },
    peers,
    behaviour: rules,
    livePeer: () => [...peers].reverse().find((peer) => !peer.closed),
    broadcast(frame) {
      for (const peer of peers) if (!peer.closed) peer.send(frame);
    },
    kill: shutdown,
    restart: listen,
    close: shutdown,
  };
}

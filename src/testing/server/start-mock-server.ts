import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MockCoachingBackend } from "../mock-backend/backend-types.js";
import { createMockCoachingBackend } from "../mock-backend/create-mock-backend.js";
import type { MockBackendOptions } from "../mock-backend/options.js";
import { adminState, runAdminCommand } from "./admin-api.js";
import { applyCors } from "./cors.js";
import { BodyTooLargeError, flattenHeaders, readBodyText, writeJson, writeMockResponse } from "./node-http-bridge.js";
import { loadWs } from "./load-ws.js";
import { bridgeWebSocketServer } from "./ws-bridge.js";

export interface MockServerOptions extends Omit<MockBackendOptions, "baseUrl" | "socketUrl"> {
  /** Serve this backend instead of creating one; it is then yours to close. */
  backend?: MockCoachingBackend;
  /** @default 0 (any free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Where the API lives. @default "/api" */
  apiPath?: string;
  /** Where the WebSocket is accepted. @default "/coaching" */
  socketPath?: string;
  /** Serve the `/__admin/*` scenario API. @default true */
  admin?: boolean;
}

export interface MockCoachingServer {
  /** The API base URL, e.g. `http://127.0.0.1:8787/api`. */
  url: string;
  /** e.g. `ws://127.0.0.1:8787/coaching` */
  socketUrl: string;
  /** e.g. `http://127.0.0.1:8787/__admin` */
  adminUrl: string;
  port: number;
  backend: MockCoachingBackend;
  /** Terminates every socket, stops the server and (if it created it) closes the backend. */
  close(): Promise<void>;
}

/**
 * Starts a real HTTP + WebSocket server on the mock backend (Node only; needs `ws`). For browser
 * tests and local development against a page on another port (CORS is open). Rejects with a
 * `MissingPeerDependencyError` (code `MISSING_PEER_DEPENDENCY`) when `ws` is not installed.
 *
 * @example
 * const server = await startMockCoachingServer({ port: 0 });
 * const client = createCoachingClient({ baseUrl: server.url, socketUrl: server.socketUrl, WebSocket });
 * // ...
 * await server.close();
 */
export async function startMockCoachingServer(options: MockServerOptions = {}): Promise<MockCoachingServer> {
  const { backend: given, port = 0, host = "127.0.0.1", apiPath = "/api", socketPath = "/coaching", admin = true, ...backendOptions } = options;
  // Before anything binds a port: a missing `ws` fails here and leaves nothing to clean up.
  const { WebSocketServer } = await loadWs();
  let backend = given as MockCoachingBackend;
  const api = apiPath.replace(/\/+$/, "");

  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) writeJson(res, 500, { error: { code: "MOCK_SERVER_ERROR", message: "The mock server failed." } });
      else res.destroy();
    });
  });
  const handleHttp = async (req: IncomingMessage, res: ServerResponse) => {
    applyCors(req, res);
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    let body: string;
    try {
      body = await readBodyText(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return writeJson(res, 413, { error: { code: "PAYLOAD_TOO_LARGE", message: error.message } });
      throw error;
    }
    if (admin && pathname === "/__admin/state" && req.method === "GET") return writeJson(res, 200, adminState(backend));
    if (admin && pathname.startsWith("/__admin/") && req.method === "POST") {
      const outcome = runAdminCommand(backend, pathname.slice("/__admin/".length), body);
      return writeJson(res, outcome.status, outcome.body);
    }
    if (pathname === api || pathname.startsWith(`${api}/`)) {
      const response = await backend.handle({ method: req.method ?? "GET", path: pathname.slice(api.length) || "/", headers: flattenHeaders(req), body });
      return writeMockResponse(req, res, response);
    }
    writeJson(res, 404, { error: { code: "NOT_FOUND", message: `Nothing at ${pathname}; the API is under ${api}.` } });
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Created after listening: a WebSocketServer re-emits its HTTP server's errors, and a failed
  // listen (port taken) would otherwise surface as an unhandled 'error' instead of a rejection.
  const wss = new WebSocketServer({ server, path: socketPath, maxPayload: 1024 * 1024 });
  wss.on("error", () => {});
  bridgeWebSocketServer(wss, () => backend);
  const actualPort = (server.address() as AddressInfo).port;
  const origin = `${host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host}:${actualPort}`;
  const url = `http://${origin}${api}`;
  const socketUrl = `ws://${origin}${socketPath}`;
  backend ??= createMockCoachingBackend({ ...backendOptions, baseUrl: url, socketUrl });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      if (!given) backend.close();
    })());

  return { url, socketUrl, adminUrl: `http://${origin}/__admin`, port: actualPort, backend, close };
}

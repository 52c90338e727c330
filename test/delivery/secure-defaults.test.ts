import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket as NodeWebSocket } from "ws";
import {
  createCoachingClient,
  createJobDelivery,
  noopEnvironment,
  type CoachingClientOptions,
  type DeliveryEvent,
  type JobDelivery,
  type KeyValueStorage,
  type Logger,
  type WebSocketConstructor,
} from "../../src/index.js";
import { startContractSocketServer, type ContractSocketServer } from "./support/contract-socket-server.js";

// Only the public entry, a real `ws` server and a real HTTP server: these pin what an app gets by
// default, so a change of default (socketAuth "query", say) or a token in any output fails here.

/** Distinctive, so a leak is easy to spot in any text. Every token handed out starts with it. */
const SECRET = "tok_SECRET-defaults-5e1b";
const WAIT = { timeout: 5_000, interval: 5 };

/** Everything that left the SDK as text: log lines with their details, stored entries, errors. */
function recorder() {
  const lines: string[] = [];
  const render = (value: unknown) => inspect(value, { depth: 10, showHidden: true });
  const log = (level: string) => (message: string, details?: unknown) => void lines.push(`${level} ${message} ${render(details)}`);
  const logger: Logger = { debug: log("debug"), warn: log("warn"), error: log("error") };
  const stored = new Map<string, string>();
  const storage: KeyValueStorage = {
    getItem: (key) => stored.get(key) ?? null,
    setItem: (key, value) => void stored.set(key, value),
    removeItem: (key) => void stored.delete(key),
  };
  const events: DeliveryEvent[] = [];
  return {
    logger,
    storage,
    events,
    lines,
    stored,
    /** All of it as one text, errors rendered with their causes and hidden fields. */
    text: () => [...lines, ...[...stored].map(([key, value]) => `${key}=${value}`), ...events.map(render)].join("\n"),
  };
}

/** An API that refuses every token, echoing the Authorization header back (the worst case). */
async function refusingApi(): Promise<{ url: string; authorizations: string[]; close(): Promise<void> }> {
  const authorizations: string[] = [];
  const server: Server = createServer((request, response) => {
    authorizations.push(request.headers.authorization ?? "");
    response.writeHead(401, { "content-type": "application/json", "x-request-id": "req-401" });
    response.end(JSON.stringify({ error: { code: "UNAUTHORIZED", message: `rejected ${request.headers.authorization}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    authorizations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("secure defaults", () => {
  let socketServer: ContractSocketServer | undefined;
  let api: Awaited<ReturnType<typeof refusingApi>> | undefined;
  let delivery: JobDelivery | undefined;

  afterEach(async () => {
    delivery?.stop();
    delivery = undefined;
    await socketServer?.close();
    socketServer = undefined;
    await api?.close();
    api = undefined;
  });

  function start(options: Pick<CoachingClientOptions, "baseUrl" | "getToken">, record: ReturnType<typeof recorder>) {
    // No `socketAuth`: what is under test is the default.
    const client = createCoachingClient({
      ...options,
      socketUrl: socketServer!.url,
      WebSocket: NodeWebSocket as unknown as WebSocketConstructor,
      logger: record.logger,
    });
    delivery = createJobDelivery(client, { storage: record.storage, environment: noopEnvironment, reconnectInitialDelayMs: 20, pollInitialDelayMs: 20 });
    delivery.subscribe((event) => void record.events.push(event));
    delivery.watchSession("s1");
    return delivery;
  }

  it("with no socketAuth, the first frame is the auth frame and the socket URL carries no token", async () => {
    socketServer = await startContractSocketServer();
    const record = recorder();
    const live = start({ baseUrl: "http://127.0.0.1:9/v1", getToken: () => SECRET }, record);
    await vi.waitFor(() => expect(live.getConnection().status).toBe("live"), WAIT);
    const [peer] = socketServer.peers;
    expect(peer!.frames[0]).toEqual({ type: "auth", token: SECRET });
    expect(peer!.requestUrl).toBe("/coaching");
    expect(peer!.requestUrl).not.toContain(SECRET);
    expect(record.text()).not.toContain(SECRET);
  });

  it("through a 4401 and a 401, the token is in no log line, delivery error or stored entry", async () => {
    socketServer = await startContractSocketServer({ acceptToken: () => false });
    api = await refusingApi();
    const record = recorder();
    let issued = 0;
    const getToken = ({ forceRefresh }: { forceRefresh: boolean }) => (forceRefresh ? `${SECRET}-fresh-${++issued}` : `${SECRET}-cached`);
    const refused = start({ baseUrl: api.url, getToken }, record);
    refused.track({ jobId: "j1", sessionId: "s1" });

    // The socket: 4401, a refresh, 4401 again, then an AuthError. HTTP: polls answered 401, each
    // refreshed once and refused again, then logged.
    await vi.waitFor(() => {
      expect(record.events.some((event) => event.type === "error" && event.error.code === "AUTH_ERROR")).toBe(true);
      expect(record.lines.some((line) => line.includes("polling a job failed"))).toBe(true);
    }, WAIT);

    // The secret really was in play: sent to both servers, fresh after each refusal.
    expect(socketServer.peers.map((peer) => peer.frames[0])).toEqual(
      expect.arrayContaining([{ type: "auth", token: `${SECRET}-cached` }, { type: "auth", token: expect.stringMatching(/-fresh-/) }]),
    );
    expect(api.authorizations).toEqual(expect.arrayContaining([`Bearer ${SECRET}-cached`, expect.stringMatching(/^Bearer .*-fresh-/)]));
    expect(socketServer.peers.every((peer) => !peer.requestUrl.includes(SECRET))).toBe(true);
    expect(record.stored.size).toBeGreaterThan(0);

    const everything = record.text();
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain("Bearer");
  });
});

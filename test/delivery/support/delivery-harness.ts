import { WebSocket as NodeWebSocket } from "ws";
import { createCoachingClient, type CoachingClient, type GetToken } from "../../../src/api/index.js";
import type { Logger } from "../../../src/shared/logger.js";
import type { Timers } from "../../../src/shared/timers.js";
import type { WebSocketConstructor } from "../../../src/shared/websocket.js";
import type { BrowserEnvironment, DeliveryEvent, JobDelivery } from "../../../src/delivery/index.js";
import type { FakeJobApi } from "./fake-job-api.js";
import { BASE, TOKEN } from "./fixtures.js";

/** The `ws` package's client, as the SDK's constructor type (Node 20 has no global WebSocket). */
export const WsClient = NodeWebSocket as unknown as WebSocketConstructor;

export interface ClientSetup {
  api: FakeJobApi;
  socketUrl?: string | undefined;
  socketAuth?: "message" | "query";
  getToken?: GetToken;
  timers?: Timers;
  logger?: Logger;
  WebSocket?: WebSocketConstructor | undefined;
}

/** A real client over the fake job API, with mid-range jitter and no client-side retries. */
export function makeClient(setup: ClientSetup): CoachingClient {
  const client = createCoachingClient({
    baseUrl: BASE,
    socketUrl: setup.socketUrl,
    socketAuth: setup.socketAuth ?? "message",
    getToken: setup.getToken ?? (() => TOKEN),
    fetch: setup.api.fetch,
    WebSocket: WsClient,
    timeout: false,
    retry: 0,
    random: () => 0.5,
    logger: setup.logger ?? recordingLogger(),
    ...(setup.timers ? { timers: setup.timers } : {}),
  });
  // The client falls back to the global WebSocket for an absent class; tests of polling-only mode need none at all.
  if ("WebSocket" in setup && setup.WebSocket === undefined) {
    return { ...client, options: { ...client.options, WebSocket: undefined } };
  }
  return client;
}

export interface RecordingLogger extends Logger {
  entries: Array<{ level: "debug" | "warn" | "error"; message: string; details: unknown }>;
  /** Everything logged, serialised, to search for leaks. */
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger["entries"] = [];
  const record = (level: "debug" | "warn" | "error") => (message: string, details?: unknown) => void entries.push({ level, message, details });
  return {
    entries,
    debug: record("debug"),
    warn: record("warn"),
    error: record("error"),
    text: () => entries.map((entry) => `${entry.level} ${entry.message} ${safeJson(entry.details)}`).join("\n"),
  };
}

const safeJson = (value: unknown) => {
  try {
    return JSON.stringify(value, (_key, inner) => (inner instanceof Error ? { name: inner.name, message: inner.message } : inner));
  } catch {
    return String(value);
  }
};

export interface FakeEnvironment extends BrowserEnvironment {
  fire(type: "online" | "offline" | "pagehide" | "pageshow" | "visibilitychange"): void;
  online: boolean;
  visible: boolean;
  /** Listeners currently attached. */
  listenerCount(): number;
}

/** A browser environment the test drives by hand. */
export function fakeEnvironment(): FakeEnvironment {
  const listeners = new Map<string, Set<() => void>>();
  const add = (type: string, listener: () => void) => {
    const set = listeners.get(type) ?? new Set();
    listeners.set(type, set.add(listener));
    return () => void set.delete(listener);
  };
  const env: FakeEnvironment = {
    online: true,
    visible: true,
    onWindow: (type, listener) => add(type, listener),
    onVisibilityChange: (listener) => add("visibilitychange", listener),
    isOnline: () => env.online,
    isVisible: () => env.visible,
    fire(type) {
      if (type === "online") env.online = true;
      if (type === "offline") env.online = false;
      for (const listener of [...(listeners.get(type) ?? [])]) listener();
    },
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
  };
  return env;
}

/** Subscribes and records every event. */
export function collect(delivery: JobDelivery) {
  const events: DeliveryEvent[] = [];
  const unsubscribe = delivery.subscribe((event) => void events.push(event));
  const of = <T extends DeliveryEvent["type"]>(type: T) => events.filter((event): event is Extract<DeliveryEvent, { type: T }> => event.type === type);
  return {
    events,
    unsubscribe,
    completed: () => of("job.completed"),
    failed: () => of("job.failed"),
    errors: () => of("error"),
    sessions: () => of("session.updated"),
    statuses: () => of("connection").map((event) => `${event.connection.status}:${event.connection.reason}`),
    /** Job ids settled, in order, with how they arrived. */
    settled: () =>
      events.flatMap((event) => (event.type === "job.completed" || event.type === "job.failed" ? [`${event.job.jobId}:${event.type}:${event.via}`] : [])),
  };
}

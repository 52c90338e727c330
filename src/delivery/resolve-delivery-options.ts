import { defaultStorage, type KeyValueStorage } from "../shared/storage.js";
import { defaultEnvironment } from "./browser-environment.js";
import type { BrowserEnvironment, JobDeliveryOptions } from "./types.js";

/** The timing options and their defaults (see `JobDeliveryOptions`), checked in this order. */
const TIMING_DEFAULTS = {
  pollInitialDelayMs: 1_000,
  pollMaxDelayMs: 10_000,
  socketSilenceMs: 20_000,
  jobDeadlineMs: 600_000,
  heartbeatIntervalMs: 30_000,
  pongTimeoutMs: 10_000,
  reconnectInitialDelayMs: 1_000,
  reconnectMaxDelayMs: 30_000,
  sessionRefreshMs: 30_000,
  progressGapMs: 500,
};
type TimingOption = keyof typeof TIMING_DEFAULTS;

/** Options with every default applied; computed once per delivery. */
export interface ResolvedDeliveryOptions extends Record<TimingOption, number> {
  storage: KeyValueStorage;
  userKey: string | undefined;
  rememberIds: number;
  environment: BrowserEnvironment;
}

/** Gateways drop idle sockets after 10 minutes; pinging at most every 5 keeps a margin. */
export const MAX_HEARTBEAT_INTERVAL_MS = 5 * 60_000;

// Timers beyond 2^31-1 ms fire at once in browsers and Node; no delay here may exceed it.
const MAX_TIMER_MS = 2 ** 31 - 1;

export function resolveDeliveryOptions(options: JobDeliveryOptions = {}): ResolvedDeliveryOptions {
  const storage = options.storage ?? defaultStorage();
  const timings = {} as Record<TimingOption, number>;
  for (const [name, fallback] of Object.entries(TIMING_DEFAULTS) as Array<[TimingOption, number]>) {
    timings[name] = ms(name, options[name], fallback);
  }
  const resolved: ResolvedDeliveryOptions = {
    storage,
    userKey: options.userKey,
    ...timings,
    rememberIds: Math.max(1, Math.floor(ms("rememberIds", options.rememberIds, 5_000))),
    environment: options.environment ?? defaultEnvironment(),
  };
  if (resolved.heartbeatIntervalMs <= 0 || resolved.heartbeatIntervalMs > MAX_HEARTBEAT_INTERVAL_MS) {
    throw new RangeError(
      `createJobDelivery: heartbeatIntervalMs must be between 1 and ${MAX_HEARTBEAT_INTERVAL_MS} ms (gateways drop sockets idle for 10 minutes)`,
    );
  }
  if (resolved.pongTimeoutMs <= 0) throw new RangeError("createJobDelivery: pongTimeoutMs must be above 0");
  if (resolved.sessionRefreshMs <= 0) throw new RangeError("createJobDelivery: sessionRefreshMs must be above 0");
  return resolved;
}

function ms(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new RangeError(`createJobDelivery: ${name} must be a number of ms between 0 and ${MAX_TIMER_MS}, got ${String(value)}`);
  }
  return value;
}

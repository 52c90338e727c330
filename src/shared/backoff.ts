export interface BackoffOptions {
  /** First delay. */
  initialMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
  /** Returns [0, 1); injected so tests are deterministic. */
  random: () => number;
}

/**
 * "Equal jitter" exponential backoff: half the exponential delay is fixed, half random, so a
 * crowd of clients spreads out yet none retries immediately.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(exponential / 2 + options.random() * (exponential / 2));
}

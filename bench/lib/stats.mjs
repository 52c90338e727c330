/** Small statistics helpers for the bench: nearest-rank percentiles over plain number arrays. */

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Summarises samples (any unit) into n, mean, p50, p90, p99, p99.9 and max. */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

export const median = (values) => percentile(Float64Array.from(values).sort(), 50);

/** Rounds for display and JSON: 3 significant decimals are plenty on a noisy machine. */
export const round = (value, digits = 3) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

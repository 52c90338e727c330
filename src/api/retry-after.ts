/** An HTTP-date (IMF-fixdate, RFC 850 or asctime) names a month and has an hh:mm:ss time. */
const HTTP_DATE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b.*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * Reads the server's `Retry-After` (seconds or an HTTP date) in ms; null when absent or unreadable.
 * ky reads the header too, but only to wait: this is for what it cannot do, telling the caller
 * (a poll's next delay, `HttpError.retryAfterMs`) and refusing a wait above the cap. Stricter
 * than ky on purpose: ky would read "soon" as "wait the maximum".
 */
export function parseRetryAfter(headers: Headers, now: number): number | null {
  const value = headers.get("retry-after");
  if (value === null) return null;
  // `Date.parse` alone is lenient: it reads "-5" or "1 2" as dates, so check the shape first.
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) * 1000 : HTTP_DATE.test(value) ? Date.parse(value) - now : NaN;
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

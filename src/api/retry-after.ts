/** An HTTP-date (IMF-fixdate, RFC 850 or asctime) names a month and has an hh:mm:ss time. */
const HTTP_DATE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b.*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * Reads the server's wait hint in ms: `retry-after-ms` first, then `Retry-After` as seconds or an
 * HTTP date. Returns null when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now: number): number | null {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  // `Date.parse` alone is lenient: it reads "-5" or "1 2" as dates, so check the shape first.
  if (!HTTP_DATE.test(value)) return null;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

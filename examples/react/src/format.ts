import type { CoachingError } from "coaching-session-sdk";

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "just now", "5 minutes ago", "yesterday". */
export function timeAgo(iso: string, now = Date.now()): string {
  let value = (Date.parse(iso) - now) / 1000;
  if (!Number.isFinite(value)) return "";
  if (Math.abs(value) < 45) return "just now";
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return "";
}

/** "14:05" in the reader's locale. */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** `answer1` → "Answer 1", `preferredTime` → "Preferred time". */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field value as text: lists joined, objects as JSON. */
export function fieldValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.map(fieldValue).join(", ");
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return String(value);
}

/** What went wrong, in words for the person using the app (the error's `code` decides). */
export function describeError(error: CoachingError | null | undefined): string {
  if (!error) return "";
  const status = (error as { status?: number }).status;
  switch (error.code) {
    case "NETWORK_ERROR":
      return "Could not reach the coaching service. Check your connection and try again.";
    case "TIMEOUT":
      return "The coaching service took too long to answer.";
    case "HTTP_ERROR":
      if (status === 429) return "Too many requests just now. Wait a moment, then try again.";
      if (status === 413) return "This message is too long to send.";
      if (status !== undefined && status >= 500) return `The coaching service had a problem (HTTP ${status}).`;
      return `The request was refused (HTTP ${status ?? "error"}).`;
    case "AUTH_ERROR":
      return "Your sign-in is no longer valid. Reload the page to sign in again.";
    case "JOB_FAILED":
      return "The coach could not answer this message.";
    case "JOB_TIMEOUT":
      return "No reply arrived in time.";
    case "JOB_EXPIRED":
      return "This reply is no longer available.";
    case "SESSION_EXPIRED":
      return "This session has expired.";
    case "VALIDATION_ERROR":
      return "The service sent an answer this app could not read.";
    default:
      return error.message;
  }
}

import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../src/api/retry-after.js";

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const read = (headers: Record<string, string>) => parseRetryAfter(new Headers(headers), NOW);

describe("parseRetryAfter", () => {
  it("is null without a hint", () => {
    expect(read({})).toBeNull();
  });

  it.each([
    ["2", 2000],
    ["0", 0],
    [" 3 ", 3000],
    ["1.5", 1500],
  ])("reads Retry-After seconds %j", (value, ms) => {
    expect(read({ "retry-after": value })).toBe(ms);
  });

  it.each([
    ["IMF-fixdate", "Wed, 01 Jan 2025 12:00:05 GMT", 5000],
    ["RFC 850", "Wednesday, 01-Jan-25 12:00:07 GMT", 7000],
    ["asctime", "Wed Jan  1 12:00:09 2025", 9000],
    ["a past date", "Wed, 01 Jan 2025 11:00:00 GMT", 0],
  ])("reads an HTTP date (%s)", (_name, value, ms) => {
    expect(read({ "retry-after": value })).toBe(ms);
  });

  it("reads fractions; ignores retry-after-ms, which is not in the contract", () => {
    expect(read({ "retry-after": "0.25" })).toBe(250);
    expect(read({ "retry-after-ms": "250.5", "retry-after": "9" })).toBe(9000);
    expect(read({ "retry-after-ms": "250" })).toBeNull();
  });

  it("falls back to Retry-After when retry-after-ms is unreadable", () => {
    expect(read({ "retry-after-ms": "soon", "retry-after": "1" })).toBe(1000);
  });

  it("treats a number too large to represent as unreadable", () => {
    expect(read({ "retry-after": "9".repeat(400) })).toBeNull();
  });

  it.each(["-5", "1 2", "soon", "5s", "12:00:05", "Infinity", "NaN", "0x10"])(
    "treats a malformed Retry-After %j as absent rather than as a date",
    (value) => {
      expect(read({ "retry-after": value })).toBeNull();
    },
  );
});

import { describe, expect, it } from "vitest";
import { MAX_FRAME_BYTES, parseServerFrame } from "../../src/contract/index.js";
import { jobResult, session } from "../api/support/fixtures.js";

const frames = {
  ready: { type: "ready" },
  subscribed: { type: "subscribed", sessionId: "s1" },
  pong: { type: "pong" },
  "job.completed": { type: "job.completed", eventId: "e1", jobId: "j1", sessionId: "s1", result: jobResult() },
  "job.failed": { type: "job.failed", eventId: "e2", jobId: "j1", sessionId: "s1", error: { code: "X", message: "m", retryable: true } },
  "session.updated": { type: "session.updated", eventId: "e3", session: session({ status: "PAUSED" }) },
};

describe("parseServerFrame", () => {
  it.each(Object.entries(frames))("reads a valid %s frame", (_type, frame) => {
    expect(parseServerFrame(JSON.stringify(frame))).toEqual({ kind: "frame", frame });
  });

  it("keeps a known frame with extra fields, dropping them", () => {
    expect(parseServerFrame(JSON.stringify({ ...frames.pong, serverTime: 1 }))).toEqual({ kind: "frame", frame: frames.pong });
  });

  it("classifies an unknown type as unknown, not invalid", () => {
    expect(parseServerFrame(JSON.stringify({ type: "job.heartbeat", percent: 40 }))).toEqual({ kind: "unknown", type: "job.heartbeat" });
  });

  it.each(["{", "hello", "", "{'type':'ready'}"])("rejects non-JSON %j", (raw) => {
    expect(parseServerFrame(raw)).toMatchObject({ kind: "invalid", reason: "not-json" });
  });

  it.each(["null", "[]", '"ready"', "42", "true", '[{"type":"ready"}]'])("rejects a non-object %s", (raw) => {
    expect(parseServerFrame(raw)).toMatchObject({ kind: "invalid", reason: "not-an-object" });
  });

  it.each([
    ["missing field", { type: "subscribed" }],
    ["mistyped field", { ...frames["job.failed"], error: { code: "X", message: "m", retryable: "yes" } }],
    ["no type", { eventId: "e1" }],
    ["non-string type", { type: 7 }],
  ])("rejects a schema failure (%s) with a detail", (_name, frame) => {
    const parsed = parseServerFrame(JSON.stringify(frame));
    expect(parsed).toMatchObject({ kind: "invalid", reason: "schema" });
    expect(parsed.kind === "invalid" && parsed.detail).toBeTruthy();
  });

  it("names the failing path in the detail", () => {
    const parsed = parseServerFrame(JSON.stringify({ ...frames["job.completed"], result: { ...jobResult(), isFinal: "no" } }));
    expect(parsed).toMatchObject({ kind: "invalid", reason: "schema" });
    expect(parsed.kind === "invalid" && parsed.detail).toContain("result.isFinal");
  });

  describe("size limit (32 KB)", () => {
    const pad = (bytes: number, char = "a") => {
      const shell = JSON.stringify({ type: "pong", pad: "" });
      return JSON.stringify({ type: "pong", pad: char.repeat(Math.floor((bytes - shell.length) / new TextEncoder().encode(char).length)) });
    };

    it("accepts a frame of exactly the limit", () => {
      const raw = pad(MAX_FRAME_BYTES);
      expect(new TextEncoder().encode(raw).byteLength).toBe(MAX_FRAME_BYTES);
      expect(parseServerFrame(raw)).toMatchObject({ kind: "frame" });
    });

    it("refuses one byte more", () => {
      const raw = pad(MAX_FRAME_BYTES + 1);
      expect(new TextEncoder().encode(raw).byteLength).toBe(MAX_FRAME_BYTES + 1);
      expect(parseServerFrame(raw)).toEqual({ kind: "invalid", reason: "too-large" });
    });

    it("measures bytes, not UTF-16 units", () => {
      // 12 000 "é" are 12 000 chars but 24 000 bytes (< limit); 17 000 are 34 000 bytes (> limit).
      expect(parseServerFrame(JSON.stringify({ type: "pong", pad: "é".repeat(12_000) }))).toMatchObject({ kind: "frame" });
      expect(parseServerFrame(JSON.stringify({ type: "pong", pad: "é".repeat(17_000) }))).toEqual({ kind: "invalid", reason: "too-large" });
    });

    it("refuses an oversized frame even when it is not JSON", () => {
      expect(parseServerFrame("x".repeat(MAX_FRAME_BYTES + 1))).toEqual({ kind: "invalid", reason: "too-large" });
    });
  });

  it.each([
    ["ArrayBuffer", new ArrayBuffer(8)],
    ["Uint8Array", new TextEncoder().encode('{"type":"ready"}')],
    ["Blob", new Blob(['{"type":"ready"}'])],
    ["undefined", undefined],
    ["an already-parsed object", { type: "ready" }],
  ])("rejects a binary or non-string frame (%s)", (_name, raw) => {
    expect(parseServerFrame(raw)).toEqual({ kind: "invalid", reason: "not-json", detail: "binary frame" });
  });

  it("never throws on hostile input", () => {
    const inputs: unknown[] = ['{"__proto__":{"type":"ready"}}', '{"type":"ready","constructor":{"prototype":1}}', "\u0000", "1e999", '"\\ud800"', Symbol("x"), 10n];
    for (const raw of inputs) expect(() => parseServerFrame(raw)).not.toThrow();
  });
});

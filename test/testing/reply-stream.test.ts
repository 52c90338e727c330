import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planJob, splitIntoChunks } from "../../src/testing/mock-backend/reply-stream.js";

describe("splitIntoChunks", () => {
  it("cuts at word boundaries, keeping the spacing", () => {
    expect(splitIntoChunks("one two three", 2)).toEqual(["one ", "two three"]);
    expect(splitIntoChunks("  lead and\ttabs\n", 3)).toEqual(["  ", "lead ", "and\ttabs\n"]);
    expect(splitIntoChunks("one", 4)).toEqual(["one"]);
    expect(splitIntoChunks("", 4)).toEqual([]);
    expect(splitIntoChunks("one two", 0)).toEqual([]);
  });

  it("gives back the text exactly, in at most `count` non-empty chunks", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.integer({ min: 0, max: 12 }), (text, count) => {
        const chunks = splitIntoChunks(text, count);
        expect(chunks.length).toBeLessThanOrEqual(count);
        expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
        if (count > 0) expect(chunks.join("")).toBe(text);
      }),
    );
  });
});

describe("planJob", () => {
  it("keeps v1's times and puts the chunks between PROCESSING and done", () => {
    expect(planJob(20, { chunkCount: 4, chunkIntervalMs: null })).toEqual({ processingAt: 10, chunkAt: [12, 14, 16, 18], finishAt: 20 });
    expect(planJob(20, { chunkCount: 0, chunkIntervalMs: null })).toEqual({ processingAt: 10, chunkAt: [], finishAt: 20 });
    expect(planJob(0, { chunkCount: 2, chunkIntervalMs: null })).toEqual({ processingAt: 0, chunkAt: [0, 0], finishAt: 0 });
  });

  it("spaces chunks by chunkIntervalMs and finishes after the last one when they take longer", () => {
    expect(planJob(20, { chunkCount: 3, chunkIntervalMs: 2 })).toEqual({ processingAt: 10, chunkAt: [12, 14, 16], finishAt: 20 });
    expect(planJob(20, { chunkCount: 3, chunkIntervalMs: 10 })).toEqual({ processingAt: 10, chunkAt: [20, 30, 40], finishAt: 40 });
  });
});

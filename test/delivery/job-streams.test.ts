import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createJobStreams, type StreamedText } from "../../src/delivery/job-streams.js";
import { recordingLogger } from "./support/delivery-harness.js";
import { createManualTimers } from "./support/manual-timers.js";

// The reply assembler on its own: chunks in, contiguous text out, on a virtual clock.

const GAP_MS = 500;

function setUp(gapMs = GAP_MS) {
  const clock = createManualTimers();
  const logger = recordingLogger();
  const gaps: string[] = [];
  const streams = createJobStreams({ timers: clock.timers, logger, gapMs, onGap: (jobId) => void gaps.push(jobId) });
  const warnings = () => logger.entries.filter((entry) => entry.level === "warn");
  return { clock, logger, gaps, streams, warnings };
}

/** A reply cut into chunks: `deltas[i]` is chunk `i + 1`. */
const DELTAS = ["Hel", "lo, ", "how ", "are ", "you", "?"];
const textOf = (seq: number) => DELTAS.slice(0, seq).join("");

describe("createJobStreams", () => {
  it("appends in-order chunks, each result the whole text so far", () => {
    const { streams, clock, warnings } = setUp();
    expect(streams.chunk("j1", 1, "Hel")).toEqual({ seq: 1, text: "Hel" });
    expect(streams.chunk("j1", 2, "lo")).toEqual({ seq: 2, text: "Hello" });
    expect(streams.chunk("j1", 3, "")).toEqual({ seq: 3, text: "Hello" });
    expect(clock.pending()).toBe(0);
    expect(warnings()).toEqual([]);
  });

  it("applies a duplicated chunk once, the first copy winning (in order or waiting early)", () => {
    const { streams } = setUp();
    streams.chunk("j1", 1, "a");
    expect(streams.chunk("j1", 1, "a")).toBeNull();
    expect(streams.chunk("j1", 1, "X")).toBeNull();
    expect(streams.chunk("j1", 3, "c")).toBeNull();
    expect(streams.chunk("j1", 3, "Y")).toBeNull();
    expect(streams.chunk("j1", 2, "b")).toEqual({ seq: 3, text: "abc" });
    expect(streams.chunk("j1", 2, "b")).toBeNull();
    expect(streams.chunk("j1", 4, "d")).toEqual({ seq: 4, text: "abcd" });
  });

  it("holds a chunk that arrives early until the missing one comes, then shows both", () => {
    const { streams, clock, gaps } = setUp();
    expect(streams.chunk("j1", 1, DELTAS[0]!)).toEqual({ seq: 1, text: textOf(1) });
    expect(streams.chunk("j1", 4, DELTAS[3]!)).toBeNull();
    expect(streams.chunk("j1", 3, DELTAS[2]!)).toBeNull();
    expect(clock.pendingDelays()).toEqual([GAP_MS]);
    expect(streams.chunk("j1", 2, DELTAS[1]!)).toEqual({ seq: 4, text: textOf(4) });
    // The gap closed in time: its timer is gone and no poll is asked for.
    expect(clock.pending()).toBe(0);
    clock.advance(10 * GAP_MS);
    expect(gaps).toEqual([]);
  });

  it("asks once per gap, gapMs after the gap was first seen, however many chunks pile up behind it", () => {
    const { streams, clock, gaps } = setUp();
    streams.chunk("j1", 1, "a");
    streams.chunk("j1", 3, "c");
    clock.advance(200);
    streams.chunk("j1", 4, "d");
    streams.chunk("j1", 5, "e");
    expect(clock.pending()).toBe(1);
    clock.advance(GAP_MS - 201);
    expect(gaps).toEqual([]);
    clock.advance(1);
    expect(gaps).toEqual(["j1"]);
    clock.advance(10 * GAP_MS);
    expect(gaps).toEqual(["j1"]);
    // Healed; a later, second gap is asked about once more.
    expect(streams.chunk("j1", 2, "b")).toEqual({ seq: 5, text: "abcde" });
    streams.chunk("j1", 7, "g");
    clock.advance(GAP_MS);
    expect(gaps).toEqual(["j1", "j1"]);
  });

  it("asks again, gapMs later, when the answer to its poll could not fill the gap", () => {
    const { streams, clock, gaps, warnings } = setUp();
    streams.chunk("j1", 1, "a");
    streams.chunk("j1", 3, "c");
    clock.advance(GAP_MS);
    expect(gaps).toEqual(["j1"]);
    // The poll answers with no more than is shown (it left before the gap, or the server lags).
    expect(streams.partial("j1", { seq: 1, text: "a" })).toBeNull();
    expect(warnings()).toEqual([]);
    clock.advance(GAP_MS - 1);
    expect(gaps).toEqual(["j1"]);
    clock.advance(1);
    expect(gaps).toEqual(["j1", "j1"]);
    expect(streams.partial("j1", { seq: 2, text: "ab" })).toEqual({ seq: 3, text: "abc" });
    clock.advance(10 * GAP_MS);
    expect(gaps).toEqual(["j1", "j1"]);
    expect(clock.pending()).toBe(0);
  });

  it("asks nothing more when a poll answers and no gap is open", () => {
    const { streams, clock, gaps } = setUp();
    streams.chunk("j1", 1, "a");
    expect(streams.partial("j1", { seq: 1, text: "a" })).toBeNull();
    clock.advance(10 * GAP_MS);
    expect(gaps).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it("keeps each job's gap to itself", () => {
    const { streams, clock, gaps } = setUp();
    streams.chunk("j1", 2, "b");
    clock.advance(100);
    streams.chunk("j2", 3, "c");
    streams.chunk("j3", 1, "a");
    clock.advance(GAP_MS - 100);
    expect(gaps).toEqual(["j1"]);
    clock.advance(100);
    expect(gaps).toEqual(["j1", "j2"]);
    expect(streams.chunk("j3", 2, "b")).toEqual({ seq: 2, text: "ab" });
  });

  it("heals a gap from a partial: buffered chunks it covers are dropped, the ones after it drain", () => {
    const { streams, clock } = setUp();
    streams.chunk("j1", 1, DELTAS[0]!);
    for (const seq of [3, 4, 6]) expect(streams.chunk("j1", seq, DELTAS[seq - 1]!)).toBeNull();
    // Covers 3 and 4 (not appended twice); 6 still waits for 5.
    expect(streams.partial("j1", { seq: 4, text: textOf(4) })).toEqual({ seq: 4, text: textOf(4) });
    expect(clock.pending()).toBe(1);
    expect(streams.partial("j1", { seq: 5, text: textOf(5) })).toEqual({ seq: 6, text: textOf(6) });
    expect(clock.pending()).toBe(0);
  });

  it("starts from a partial when no chunk came first, then appends only the chunks after it", () => {
    const { streams } = setUp();
    expect(streams.partial("j1", { seq: 2, text: textOf(2) })).toEqual({ seq: 2, text: textOf(2) });
    expect(streams.chunk("j1", 1, DELTAS[0]!)).toBeNull();
    expect(streams.chunk("j1", 2, DELTAS[1]!)).toBeNull();
    expect(streams.chunk("j1", 3, DELTAS[2]!)).toEqual({ seq: 3, text: textOf(3) });
  });

  it("skips a partial older than the text shown, with a warning, and one equal to it silently", () => {
    const { streams, warnings } = setUp();
    for (let seq = 1; seq <= 3; seq++) streams.chunk("j1", seq, DELTAS[seq - 1]!);
    expect(streams.partial("j1", { seq: 2, text: textOf(2) })).toBeNull();
    expect(warnings().map((entry) => entry.message)).toEqual(["delivery: skipped a partial reply older than the text already shown"]);
    expect(warnings()[0]!.details).toMatchObject({ jobId: "j1", seq: 2, shown: 3 });
    expect(streams.partial("j1", { seq: 3, text: textOf(3) })).toBeNull();
    expect(warnings()).toHaveLength(1);
    expect(streams.chunk("j1", 4, DELTAS[3]!)).toEqual({ seq: 4, text: textOf(4) });
  });

  it("trusts the server's partial over chunks it contradicts, and says so", () => {
    const { streams, warnings } = setUp();
    streams.chunk("j1", 1, "Helo");
    expect(streams.partial("j1", { seq: 2, text: "Hello, " })).toEqual({ seq: 2, text: "Hello, " });
    expect(warnings().map((entry) => entry.message)).toEqual(["delivery: a job's partial reply does not extend the chunks received; showing the server's"]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("skips a chunk with seq %s with a warning, changing nothing", (seq) => {
    const { streams, clock, gaps, warnings } = setUp();
    streams.chunk("j1", 1, "a");
    expect(() => streams.chunk("j1", seq, "X")).not.toThrow();
    expect(streams.chunk("j1", seq, "X")).toBeNull();
    expect(warnings().map((entry) => entry.message)).toEqual([
      "delivery: skipped a progress chunk with an invalid seq",
      "delivery: skipped a progress chunk with an invalid seq",
    ]);
    expect(clock.pending()).toBe(0);
    clock.advance(GAP_MS);
    expect(gaps).toEqual([]);
    expect(streams.chunk("j1", 2, "b")).toEqual({ seq: 2, text: "ab" });
  });

  it("bounds the chunks held behind a gap; what it drops, the poll heals", () => {
    const { streams, clock, gaps } = setUp();
    streams.chunk("j1", 1, "<1>");
    // 1,000 chunks after a missing #2: a few hundred are kept (256, see MAX_BUFFERED), the rest dropped.
    for (let seq = 3; seq <= 1_002; seq++) expect(streams.chunk("j1", seq, `<${seq}>`)).toBeNull();
    const grown = streams.chunk("j1", 2, "<2>")!;
    expect(grown.seq).toBe(258);
    expect(grown.text).toBe(Array.from({ length: 258 }, (_, i) => `<${i + 1}>`).join(""));
    // Nothing is left waiting; the next chunk beyond the dropped ones opens a new gap.
    expect(clock.pending()).toBe(0);
    expect(streams.chunk("j1", 1_003, "<1003>")).toBeNull();
    clock.advance(GAP_MS);
    expect(gaps).toEqual(["j1"]);
  });

  it("forget() clears the job's gap timer and text; the same id then starts over", () => {
    const { streams, clock, gaps } = setUp();
    streams.chunk("j1", 1, "a");
    streams.chunk("j1", 3, "c");
    streams.chunk("j2", 2, "b");
    expect(clock.pending()).toBe(2);
    streams.forget("j1");
    expect(clock.pending()).toBe(1);
    streams.forget("unknown");
    clock.advance(GAP_MS);
    expect(gaps).toEqual(["j2"]);
    expect(streams.chunk("j1", 1, "A")).toEqual({ seq: 1, text: "A" });
  });

  it("clear() forgets every job and its timer", () => {
    const { streams, clock, gaps } = setUp();
    streams.chunk("j1", 2, "b");
    streams.chunk("j2", 2, "b");
    streams.clear();
    expect(clock.pending()).toBe(0);
    clock.advance(GAP_MS);
    expect(gaps).toEqual([]);
    expect(streams.chunk("j1", 1, "a")).toEqual({ seq: 1, text: "a" });
  });
});

describe("createJobStreams under any arrival order (property)", () => {
  /** A reply of 1-40 chunks, some empty, some multi-byte. */
  const reply = fc.array(fc.string({ unit: "grapheme", maxLength: 6 }), { minLength: 1, maxLength: 40 });
  /** What the socket does to the chunks: a sequence of 1-based indexes (repeats = duplicates, absences = drops). */
  const arrival = (n: number) => fc.array(fc.integer({ min: 1, max: n }), { maxLength: 3 * n });

  it("shows only prefixes of the reply, each longer than the last; a partial at the end completes it", () => {
    fc.assert(
      fc.property(
        reply.chain((deltas) =>
          fc.tuple(fc.constant(deltas), arrival(deltas.length), fc.array(fc.integer({ min: 1, max: deltas.length }), { maxLength: 3 })),
        ),
        ([deltas, order, partialsAt]) => {
          const full = deltas.join("");
          const { streams, clock, warnings } = setUp();
          const shown: StreamedText[] = [];
          const show = (grown: StreamedText | null) => grown && shown.push(grown);
          order.forEach((seq, i) => {
            show(streams.chunk("j1", seq, deltas[seq - 1]!));
            // Polls answer now and then, with the text of however many chunks the server has sent.
            if (partialsAt.includes(i)) show(streams.partial("j1", { seq, text: deltas.slice(0, seq).join("") }));
            clock.advance(100);
          });
          show(streams.partial("j1", { seq: deltas.length, text: full }));
          for (const [i, grown] of shown.entries()) {
            expect(grown.text).toBe(deltas.slice(0, grown.seq).join(""));
            expect(full.startsWith(grown.text)).toBe(true);
            const before = shown[i - 1];
            if (before) {
              expect(grown.seq).toBeGreaterThan(before.seq);
              expect(grown.text.startsWith(before.text)).toBe(true);
            }
          }
          expect(shown.at(-1)).toEqual({ seq: deltas.length, text: full });
          expect(clock.pending()).toBe(0);
          // Every partial here agrees with the chunks: nothing to warn about but stale partials.
          for (const entry of warnings()) expect(entry.message).toBe("delivery: skipped a partial reply older than the text already shown");
        },
      ),
      { numRuns: 500 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseServerFrame, type ParsedFrame } from "../../src/contract/parse-frame.js";
import { KNOWN_SERVER_FRAME_TYPES, MAX_FRAME_BYTES, serverFrameSchema } from "../../src/contract/socket.js";
import { serverFrame } from "./support/contract-arbitraries.js";
import { mistyped } from "./support/mistype.js";

const RUNS = { numRuns: 200 };

/** Calls the parser, turning a throw into a failed expectation that names the input. */
function parse(raw: unknown): ParsedFrame {
  let result: ParsedFrame | undefined;
  expect(() => {
    result = parseServerFrame(raw);
  }).not.toThrow();
  expect(["frame", "unknown", "invalid"]).toContain(result!.kind);
  return result!;
}

const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");
const unknownType = fc.string({ maxLength: 20 }).filter((t) => !KNOWN_SERVER_FRAME_TYPES.has(t));
/** Extra fields a newer backend may add; never one of the contract's own keys. */
const extraFields = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }).map((k) => `x_${k}`),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);

describe("parseServerFrame never throws", () => {
  it("on arbitrary strings (any code units, lone surrogates included)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 200 })), (raw) => {
        parse(raw);
      }),
      RUNS,
    );
  });

  it("on arbitrary JSON texts, and on any value serialized", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.anything().map((v) => JSON.stringify(v) ?? "undefined")), (raw) => {
        parse(raw);
      }),
      RUNS,
    );
  });

  it("on non-string input (binary frames, objects, numbers...): invalid, not-json", () => {
    const binary = fc.uint8Array({ maxLength: 64 });
    fc.assert(
      fc.property(
        fc.oneof(fc.anything().filter((v) => typeof v !== "string"), binary, binary.map((b) => b.buffer), binary.map((b) => new Blob([b]))),
        (raw) => {
          expect(parse(raw)).toMatchObject({ kind: "invalid", reason: "not-json" });
        },
      ),
      RUNS,
    );
  });

  it("on huge strings: too-large exactly when the UTF-8 size is over the limit", () => {
    const unit = fc.constantFrom("a", "é", "€", "😀", "\ud800", '"', "{");
    const around = fc.integer({ min: MAX_FRAME_BYTES - 8, max: MAX_FRAME_BYTES + 8 });
    fc.assert(
      fc.property(unit, around, fc.constantFrom("raw", "json"), (u, bytes, shape) => {
        const body = u.repeat(Math.ceil(bytes / utf8Bytes(u)));
        const raw = shape === "json" ? JSON.stringify({ type: "pong", pad: body }) : body;
        const result = parse(raw);
        const tooLarge = result.kind === "invalid" && result.reason === "too-large";
        expect(tooLarge).toBe(utf8Bytes(raw) > MAX_FRAME_BYTES);
      }),
      { numRuns: 100 },
    );
    expect(parse("x".repeat(5_000_000))).toMatchObject({ kind: "invalid", reason: "too-large" });
  });
});

describe("parseServerFrame classifies", () => {
  it("an object with an unknown string `type` as unknown, whatever else it holds", () => {
    fc.assert(
      fc.property(unknownType, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), (type, rest) => {
        const raw = JSON.stringify({ ...rest, type });
        fc.pre(utf8Bytes(raw) <= MAX_FRAME_BYTES);
        expect(parse(raw)).toEqual({ kind: "unknown", type });
      }),
      RUNS,
    );
  });

  it("every contract-valid frame as a frame, equal to what was sent", () => {
    fc.assert(
      fc.property(serverFrame, (frame) => {
        const raw = JSON.stringify(frame);
        expect(parse(raw)).toEqual({ kind: "frame", frame: JSON.parse(raw) });
      }),
      RUNS,
    );
  });

  it("a valid frame with extra fields (forward compatible) as a frame, extras dropped", () => {
    fc.assert(
      fc.property(serverFrame, extraFields, (frame, extra) => {
        const result = parse(JSON.stringify({ ...extra, ...frame }));
        expect(result).toEqual({ kind: "frame", frame: JSON.parse(JSON.stringify(frame)) });
      }),
      RUNS,
    );
  });

  it("a known frame with one field mistyped or a required one missing as invalid (schema)", () => {
    fc.assert(
      fc.property(mistyped(serverFrame), ({ value }) => {
        // A mistyped `type` is never another string, so the frame stays a known one.
        expect(parse(JSON.stringify(value))).toMatchObject({ kind: "invalid", reason: "schema" });
        expect(serverFrameSchema.safeParse(value).success).toBe(false);
      }),
      RUNS,
    );
  });

  it("non-object JSON (arrays, strings, numbers, null) as invalid, not-an-object", () => {
    fc.assert(
      fc.property(fc.jsonValue().filter((v) => typeof v !== "object" || v === null || Array.isArray(v)), (value) => {
        const raw = JSON.stringify(value);
        fc.pre(utf8Bytes(raw) <= MAX_FRAME_BYTES);
        expect(parse(raw)).toMatchObject({ kind: "invalid", reason: "not-an-object" });
      }),
      RUNS,
    );
  });
});

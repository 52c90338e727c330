import { MAX_FRAME_BYTES, KNOWN_SERVER_FRAME_TYPES, serverFrameSchema, type ServerFrame } from "./socket.js";

/** The outcome of reading one server frame: never throws, so a bad frame cannot kill a socket. */
export type ParsedFrame =
  | { kind: "frame"; frame: ServerFrame }
  | { kind: "unknown"; type: string }
  | { kind: "invalid"; reason: "too-large" | "not-json" | "not-an-object" | "schema"; detail?: string };

/** Parses a raw WebSocket message: size check, JSON, then the contract's schemas. */
export function parseServerFrame(raw: unknown): ParsedFrame {
  if (typeof raw !== "string") return { kind: "invalid", reason: "not-json", detail: "binary frame" };
  // UTF-16 length is a cheap lower bound; only measure bytes when it might exceed the limit.
  if (raw.length * 3 > MAX_FRAME_BYTES && new TextEncoder().encode(raw).byteLength > MAX_FRAME_BYTES) {
    return { kind: "invalid", reason: "too-large" };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { kind: "invalid", reason: "not-json" };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { kind: "invalid", reason: "not-an-object" };
  }
  const type = (data as { type?: unknown }).type;
  if (typeof type === "string" && !KNOWN_SERVER_FRAME_TYPES.has(type)) return { kind: "unknown", type };
  const parsed = serverFrameSchema.safeParse(data);
  if (!parsed.success) {
    return { kind: "invalid", reason: "schema", detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  }
  return { kind: "frame", frame: parsed.data };
}

import { KNOWN_SERVER_FRAME_TYPES, MAX_FRAME_BYTES, serverFrameSchemasByType, type ServerFrame } from "./socket.js";

interface FrameSchema {
  safeParse(data: unknown): { success: true; data: ServerFrame } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/** The outcome of reading one server frame: never throws, so a bad frame cannot kill a socket. */
export type ParsedFrame =
  | { kind: "frame"; frame: ServerFrame }
  | { kind: "unknown"; type: string }
  | { kind: "invalid"; reason: "too-large" | "not-json" | "not-an-object" | "schema"; detail?: string };

/**
 * Parses a raw WebSocket message: size check, JSON, then the contract's schemas.
 *
 * @example
 * const parsed = parseServerFrame(event.data);
 * if (parsed.kind === "frame" && parsed.frame.type === "job.completed") apply(parsed.frame.result);
 */
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
  // What `serverFrameSchema` reports when no option matches its discriminator.
  if (typeof type !== "string") return { kind: "invalid", reason: "schema", detail: "type: Invalid input" };
  if (!KNOWN_SERVER_FRAME_TYPES.has(type)) return { kind: "unknown", type };
  // Picking the option by `type` is what the discriminated union does; here it spares bundles
  // zod's union code.
  const schema: FrameSchema = serverFrameSchemasByType[type as ServerFrame["type"]];
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return { kind: "invalid", reason: "schema", detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  }
  return { kind: "frame", frame: parsed.data };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { serializeResponseBody } from "../mock-backend/http-responses.js";
import type { MockHttpResponse } from "../mock-backend/types.js";

/** Request bodies larger than this are refused before they reach the model. */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** Reads the request body as UTF-8 text, bounded by `MAX_BODY_BYTES`. */
export async function readBodyText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Node's header object flattened to single strings (repeated headers joined with ", "). */
export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return result;
}

/** Writes the model's answer; a simulated network error destroys the connection instead. */
export function writeMockResponse(req: IncomingMessage, res: ServerResponse, response: MockHttpResponse): void {
  if (response.networkError) {
    req.socket.destroy();
    return;
  }
  const body = serializeResponseBody(response);
  res.writeHead(response.status, response.headers);
  res.end(body ?? undefined);
}

/** A small JSON answer for the server's own routes (admin API, unknown paths). */
export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

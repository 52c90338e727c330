import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Lets a page served from another localhost port call the mock server. No credentials are used
 * (the token travels in `Authorization`), so a wildcard origin is allowed.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
  // Echo what the preflight asks for, so apps adding their own headers are not refused.
  res.setHeader(
    "access-control-allow-headers",
    req.headers["access-control-request-headers"] ?? "authorization, idempotency-key, content-type, accept",
  );
  res.setHeader("access-control-expose-headers", "x-request-id, retry-after, idempotent-replayed");
  res.setHeader("access-control-max-age", "600");
}

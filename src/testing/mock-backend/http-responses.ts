import type { MockHttpResponse } from "./types.js";

/** A JSON response; `x-request-id` is added by the request pipeline. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): MockHttpResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body };
}

/** An error in the contract's shape: `{ error: { code, message, retryable? } }` plus extras. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  extra: { retryable?: boolean; headers?: Record<string, string>; body?: Record<string, unknown> } = {},
): MockHttpResponse {
  const error = extra.retryable === undefined ? { code, message } : { code, message, retryable: extra.retryable };
  return jsonResponse(status, { error, ...extra.body }, extra.headers);
}

/**
 * The wire text of a response, or `null` when it has no body. Every adapter sends exactly this,
 * so a custom transport (say, a service worker) stays byte-for-byte with msw and the server.
 *
 * @example
 * const response = await backend.handle({ method: "GET", path: "/coaching/sessions/current" });
 * new Response(serializeResponseBody(response), { status: response.status, headers: response.headers });
 */
export function serializeResponseBody(response: MockHttpResponse): string | null {
  if (response.rawBody !== undefined) return response.rawBody;
  return response.body === undefined ? null : JSON.stringify(response.body);
}

const STATUS_CODES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  408: "REQUEST_TIMEOUT",
  429: "RATE_LIMITED",
  500: "INTERNAL_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

/** A plausible server error code for a status, for faults that give none. */
export function codeForStatus(status: number): string {
  return STATUS_CODES[status] ?? `HTTP_${status}`;
}

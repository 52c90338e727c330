import { serializeResponseBody } from "../mock-backend/http-responses.js";
import type { MockHttpRequest, MockHttpResponse } from "../mock-backend/types.js";

/** A Fetch API `Request` as the backend model takes it. */
export async function toMockRequest(request: Request): Promise<MockHttpRequest> {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: hasBody ? await request.text() : undefined,
  };
}

/** The model's answer as a Fetch API `Response`; `null` stands for a network error. */
export function toFetchResponse(response: MockHttpResponse): Response | null {
  if (response.networkError) return null;
  // Fetch forbids a body on these statuses.
  const body = [204, 205, 304].includes(response.status) ? null : serializeResponseBody(response);
  return new Response(body, { status: response.status, headers: response.headers });
}

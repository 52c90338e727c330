import { HttpResponse, http, type HttpHandler } from "msw";
import type { MockCoachingBackend } from "../mock-backend/backend-types.js";
import { toFetchResponse, toMockRequest } from "./fetch-bridge.js";

export interface MswHandlersOptions {
  /** The API base to intercept. @default the backend's `baseUrl` */
  baseUrl?: string;
}

/**
 * msw request handlers that answer every call under the base URL from the backend model. The
 * model does the routing (with the backend's `routes`), so overridden paths just work.
 *
 * @example
 * const backend = createMockCoachingBackend({ baseUrl: "https://api.example.com/v1" });
 * const server = setupServer(...createMswHandlers(backend), createMswSocketHandler(backend));
 */
export function createMswHandlers(backend: MockCoachingBackend, options: MswHandlersOptions = {}): HttpHandler[] {
  const baseUrl = (options.baseUrl ?? backend.baseUrl).replace(/\/+$/, "");
  return [
    http.all(`${baseUrl}/*`, async ({ request }) => {
      const response = toFetchResponse(await backend.handle(await toMockRequest(request)));
      return response ?? HttpResponse.error();
    }),
  ];
}

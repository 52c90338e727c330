import type { CoachingRoutes } from "../../contract/routes.js";

/** The name of a contract route, as in the contract's `CoachingRoutes`; faults and the request log use it. */
export type RouteName = keyof CoachingRoutes;

/** One HTTP call, as any transport hands it to `backend.handle`. */
export interface MockHttpRequest {
  method: string;
  /** A full URL; its path is read relative to the backend's `baseUrl`. Give this or `path`. */
  url?: string;
  /** The path after the base URL, e.g. `/coaching/sessions/current`. Wins over `url`. */
  path?: string;
  /** Header names in any case. */
  headers?: Record<string, string | undefined>;
  /** A JSON value, or a string taken as raw JSON text (so malformed JSON can be sent). */
  body?: unknown;
}

/** What `backend.handle` answers. Adapters serialize it with `serializeResponseBody`. */
export interface MockHttpResponse {
  status: number;
  /** Lower-case header names. Always has `x-request-id`. */
  headers: Record<string, string>;
  /** The JSON body, or `undefined` for none. Ignored when `rawBody` is set. */
  body: unknown;
  /** Sent verbatim instead of `body` (an HTML error page, a truncated JSON document). */
  rawBody?: string;
  /** The transport should fail the connection instead of answering (fetch rejects). */
  networkError?: boolean;
}

/** The server end of one WebSocket, as an adapter exposes it to the model. */
export interface MockSocketPeer {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a close frame (the client sees 1006). Optional. */
  terminate?(): void;
}

/** What the adapter feeds back into the model for one socket. */
export interface MockSocketConnection {
  /** A text frame from the client. */
  receive(text: string): void;
  /** The transport closed (either side). Safe to call more than once. */
  closed(): void;
}

/** One line of `backend.requests`. */
export interface RequestLogEntry {
  requestId: string;
  method: string;
  path: string;
  /** `null` when the path matched no route. */
  route: RouteName | null;
  idempotencyKey: string | null;
  /** The caller as `userOf` named it; `null` when the call failed auth or matched no route. */
  user: string | null;
  /** The status the client saw; 0 for a simulated network error. */
  status: number;
}

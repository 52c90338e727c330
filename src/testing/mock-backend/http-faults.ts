import { codeForStatus, errorResponse, jsonResponse } from "./http-responses.js";
import type { MockHttpResponse, RouteName } from "./types.js";

/** Which calls a fault applies to. */
export interface HttpFaultTarget {
  /** Only calls to this route count. @default every route */
  route?: RouteName;
  /** How many calls it affects. @default 1 */
  times?: number;
}

export interface FailNextOptions extends HttpFaultTarget {
  status: number;
  /** A JSON body, or a string sent verbatim as `text/html` (a proxy's error page). @default a contract error body */
  body?: unknown;
  /** e.g. `{ "retry-after": "1" }` with a 429 or 503. */
  headers?: Record<string, string>;
  /** Apply the call first, then answer with the failure: the response was lost on the way. @default false */
  afterProcessing?: boolean;
}

export interface NetworkErrorOptions extends HttpFaultTarget {
  /** Apply the call first, then drop the connection. @default false */
  afterProcessing?: boolean;
}

export interface MalformedOptions extends HttpFaultTarget {
  /** `"not-json"`: truncated JSON text; `"wrong-shape"`: valid JSON the schemas reject. @default "not-json" */
  kind?: "not-json" | "wrong-shape";
}

type Outcome = { response: MockHttpResponse; afterProcessing: boolean };
type Queued =
  | { kind: "outcome"; outcome: Outcome; route?: RouteName; remaining: number }
  | { kind: "delay"; ms: number; route?: RouteName; remaining: number }
  | { kind: "malformed"; shape: "not-json" | "wrong-shape"; route?: RouteName; remaining: number };

/** The faults one call gets; each matching fault is used up by one call. */
export interface TakenFaults {
  delayMs: number;
  outcome: Outcome | null;
  malformed: "not-json" | "wrong-shape" | null;
}

export interface HttpFaultQueue {
  failNext(options: FailNextOptions): void;
  networkErrorNext(options?: NetworkErrorOptions): void;
  delayNext(ms: number, target?: HttpFaultTarget): void;
  malformedNext(options?: MalformedOptions): void;
  take(route: RouteName): TakenFaults;
  clear(): void;
}

export function createHttpFaultQueue(): HttpFaultQueue {
  let queue: Queued[] = [];
  const remaining = (target: HttpFaultTarget) => Math.max(1, target.times ?? 1);

  const takeFirst = <K extends Queued["kind"]>(kind: K, route: RouteName) => {
    const found = queue.find((fault) => fault.kind === kind && (!fault.route || fault.route === route));
    if (!found) return null;
    found.remaining -= 1;
    if (found.remaining <= 0) queue = queue.filter((fault) => fault !== found);
    return found as Extract<Queued, { kind: K }>;
  };

  return {
    failNext(options) {
      const outcome = { response: failureResponse(options), afterProcessing: options.afterProcessing ?? false };
      queue.push({ kind: "outcome", outcome, route: options.route, remaining: remaining(options) });
    },
    networkErrorNext(options = {}) {
      const outcome = { response: { status: 0, headers: {}, body: undefined, networkError: true }, afterProcessing: options.afterProcessing ?? false };
      queue.push({ kind: "outcome", outcome, route: options.route, remaining: remaining(options) });
    },
    delayNext(ms, target = {}) {
      queue.push({ kind: "delay", ms, route: target.route, remaining: remaining(target) });
    },
    malformedNext(options = {}) {
      queue.push({ kind: "malformed", shape: options.kind ?? "not-json", route: options.route, remaining: remaining(options) });
    },
    take(route) {
      const outcome = takeFirst("outcome", route);
      return {
        delayMs: takeFirst("delay", route)?.ms ?? 0,
        outcome: outcome ? { ...outcome.outcome, response: structuredClone(outcome.outcome.response) } : null,
        malformed: takeFirst("malformed", route)?.shape ?? null,
      };
    },
    clear() {
      queue = [];
    },
  };
}

function failureResponse(options: FailNextOptions): MockHttpResponse {
  const headers = lowerCaseKeys(options.headers ?? {});
  if (typeof options.body === "string") {
    return { status: options.status, headers: { "content-type": "text/html", ...headers }, body: undefined, rawBody: options.body };
  }
  if (options.body !== undefined) return jsonResponse(options.status, options.body, headers);
  return errorResponse(options.status, codeForStatus(options.status), `Simulated ${options.status} from the mock backend.`, { headers });
}

/** Replaces a response body with one the SDK must reject, keeping the status. */
export function malformResponse(response: MockHttpResponse, shape: "not-json" | "wrong-shape"): MockHttpResponse {
  if (shape === "wrong-shape") return { ...response, body: { unexpected: true }, rawBody: undefined };
  return { ...response, headers: { ...response.headers, "content-type": "application/json" }, rawBody: '{"session": {"id": ' };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

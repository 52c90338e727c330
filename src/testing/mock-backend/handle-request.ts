import type { BackendContext } from "./context.js";
import { bearerToken } from "./auth-gate.js";
import { malformResponse } from "./http-faults.js";
import { errorResponse } from "./http-responses.js";
import { requestFingerprint } from "./idempotency.js";
import { dispatchRoute } from "./route-dispatch.js";
import type { RouteLookup, RouteMatch } from "./route-table.js";
import type { MockHttpRequest, MockHttpResponse } from "./types.js";

type RouteTable = (method: string, path: string) => RouteLookup;

/**
 * The one request pipeline every transport shares: route, faults, auth, idempotency, delay,
 * the route itself, then faults that strike after processing. Stamps `x-request-id` and logs.
 */
export async function handleRequest(ctx: BackendContext, table: RouteTable, request: MockHttpRequest): Promise<MockHttpResponse> {
  const requestId = ctx.ids.next("req");
  const method = request.method.toUpperCase();
  const path = requestPath(ctx.config.baseUrl, request);
  const headers = lowerCaseKeys(request.headers ?? {});
  const idempotencyKey = headers["idempotency-key"] || null;
  const lookup = table(method, path);

  let response: MockHttpResponse;
  let user: string | null = null;
  if (lookup.kind === "none") response = errorResponse(404, "NOT_FOUND", `No route for ${method} ${path}.`);
  else if (lookup.kind === "wrong-method") response = errorResponse(405, "METHOD_NOT_ALLOWED", `Use ${lookup.allowed} for ${path}.`, { headers: { allow: lookup.allowed } });
  else {
    const auth = authenticate(ctx, headers.authorization);
    user = auth.ok ? auth.user : null;
    response = auth.ok ? await handleRoute(ctx, lookup.match, auth.user, { method, path, idempotencyKey, body: request.body }) : auth.response;
  }

  response.headers = { ...response.headers, "x-request-id": requestId };
  ctx.requestLog.push({ requestId, method, path, route: lookup.kind === "match" ? lookup.match.route : null, idempotencyKey, user, status: response.status });
  return response;
}

interface RouteCall {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: unknown;
}

// Auth runs before this, so a 401 (and the SDK's refresh) does not use up a fault meant for the retry.
async function handleRoute(ctx: BackendContext, match: RouteMatch, user: string, call: RouteCall): Promise<MockHttpResponse> {
  const faults = ctx.httpFaults.take(match.route);
  const body = parseBody(call.method, call.body);
  if (!body.ok) return errorResponse(400, "INVALID_JSON", "The request body is not valid JSON.", { retryable: false });

  const key = call.method === "POST" ? call.idempotencyKey : null;
  if (key) {
    const check = ctx.idempotency.begin(user, key, requestFingerprint(call.method, call.path, body.value));
    if (check.kind === "reused") return errorResponse(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used with another request.", { retryable: false });
    if (check.kind === "in-progress") return errorResponse(409, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still being handled.", { retryable: true, headers: { "retry-after": "1" } });
    if (check.kind === "replay") return afterProcessing({ ...check.response, headers: { ...check.response.headers, "idempotent-replayed": "true" } }, faults);
  }

  let response: MockHttpResponse;
  const generation = ctx.generation;
  if (faults.delayMs > 0) await sleep(ctx, faults.delayMs);
  if (ctx.generation !== generation) response = errorResponse(503, "MOCK_RESET", "The mock backend was reset or closed while this call waited.");
  else if (faults.outcome && !faults.outcome.afterProcessing) response = faults.outcome.response;
  else response = dispatchRoute(ctx, match, body.value, user);
  if (key) ctx.idempotency.finish(user, key, response);
  return afterProcessing(response, faults);
}

function afterProcessing(response: MockHttpResponse, faults: ReturnType<BackendContext["httpFaults"]["take"]>): MockHttpResponse {
  if (faults.outcome?.afterProcessing) return faults.outcome.response;
  return faults.malformed ? malformResponse(response, faults.malformed) : response;
}

type AuthOutcome = { ok: true; user: string } | { ok: false; response: MockHttpResponse };

/** Checks the bearer token, then asks `userOf` who the caller is (`null` token: no header). */
function authenticate(ctx: BackendContext, header: string | undefined): AuthOutcome {
  if (header === undefined) {
    if (ctx.config.requireAuth) return { ok: false, response: errorResponse(401, "UNAUTHORIZED", "An Authorization header is required.") };
    return { ok: true, user: ctx.config.userOf(null) };
  }
  const token = bearerToken(header);
  if (!ctx.auth.check(token)) return { ok: false, response: errorResponse(401, "UNAUTHORIZED", "The token is invalid or expired.") };
  return { ok: true, user: ctx.config.userOf(token) };
}

function parseBody(method: string, raw: unknown): { ok: true; value: unknown } | { ok: false } {
  if (method === "GET" || raw === undefined || raw === null) return { ok: true, value: undefined };
  if (typeof raw !== "string") return { ok: true, value: raw };
  if (raw.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

function sleep(ctx: BackendContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      ctx.sleepers.delete(wake);
      ctx.timers.clear(handle);
      resolve();
    };
    const handle = ctx.timers.set(wake, ms);
    ctx.sleepers.add(wake);
  });
}

/** The path relative to the base URL's path; `path` wins when given. Query strings are dropped. */
function requestPath(baseUrl: string, request: MockHttpRequest): string {
  if (request.path !== undefined) return request.path.split("?")[0] || "/";
  const pathname = new URL(request.url ?? "/", baseUrl).pathname;
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  if (!basePath || (pathname !== basePath && !pathname.startsWith(`${basePath}/`))) return pathname;
  return pathname.slice(basePath.length) || "/";
}

function lowerCaseKeys(headers: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
}

import type { CoachingRoutes } from "../../contract/routes.js";
import type { RouteName } from "./types.js";

export interface RouteMatch {
  route: RouteName;
  /** The session id or job id in the path, if the route has one. */
  id: string | null;
}

export type RouteLookup =
  | { kind: "match"; match: RouteMatch }
  | { kind: "wrong-method"; allowed: string }
  | { kind: "none" };

const METHODS: Record<RouteName, "GET" | "POST"> = {
  getCurrentSession: "GET",
  startSession: "POST",
  getSession: "GET",
  resumeSession: "POST",
  pauseSession: "POST",
  cancelSession: "POST",
  sendMessage: "POST",
  getJob: "GET",
  cancelJob: "POST",
};

// Survives encodeURIComponent unchanged, so user-supplied route functions render it verbatim.
const PLACEHOLDER = "__MOCK_ID__";

interface CompiledRoute {
  route: RouteName;
  method: "GET" | "POST";
  pattern: RegExp;
  hasId: boolean;
}

/**
 * Turns the route functions into matchers by rendering each with a placeholder id. This is what
 * lets the mock follow a user's overridden routes without a second route table.
 */
export function compileRouteTable(routes: CoachingRoutes): (method: string, path: string) => RouteLookup {
  const compiled: CompiledRoute[] = (Object.keys(METHODS) as RouteName[]).map((route) => {
    const template = routes[route](PLACEHOLDER);
    const source = template
      .split(PLACEHOLDER)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("([^/]+)");
    return { route, method: METHODS[route], pattern: new RegExp(`^${source}/?$`), hasId: template.includes(PLACEHOLDER) };
  });
  // Static paths first: `/sessions/current` must not be read as `/sessions/{id}`.
  compiled.sort((a, b) => Number(a.hasId) - Number(b.hasId));

  return (method, path) => {
    let allowed: string | null = null;
    for (const entry of compiled) {
      const found = entry.pattern.exec(path);
      if (!found) continue;
      if (entry.method !== method.toUpperCase()) {
        allowed ??= entry.method;
        continue;
      }
      const id = found[1] === undefined ? null : safeDecode(found[1]);
      return { kind: "match", match: { route: entry.route, id } };
    }
    return allowed ? { kind: "wrong-method", allowed } : { kind: "none" };
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

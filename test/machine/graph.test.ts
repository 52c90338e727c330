import { toDirectedGraph } from "@xstate/graph";
import { describe, expect, it } from "vitest";
import { coachingSessionMachine } from "../../src/machine/coaching-session-machine.js";

// Walks the machine's definition: every state that is not final must have a way out that the
// user controls (an event with a target) or a pending call whose success and failure both lead on.
const USER_EVENTS = ["RESUME", "START_NEW", "SEND", "PAUSE", "CANCEL", "RETRY", "REFRESH", "DISCARD", "STOP"];

type Node = (typeof coachingSessionMachine)["root"];

function exits(node: Node): { userEvents: string[]; hasInvokeExit: boolean } {
  const userEvents: string[] = [];
  for (const [eventType, transitions] of node.transitions) {
    if (!USER_EVENTS.includes(eventType)) continue;
    if (transitions.some((t) => (t.target?.length ?? 0) > 0)) userEvents.push(eventType);
  }
  const doneOrError = [...node.transitions.keys()].filter((k) => k.startsWith("xstate.done.actor") || k.startsWith("xstate.error.actor"));
  const hasInvokeExit =
    node.invoke.length > 0 && doneOrError.some((k) => k.startsWith("xstate.done")) && doneOrError.some((k) => k.startsWith("xstate.error"));
  return { userEvents, hasInvokeExit };
}

describe("coaching session machine graph", () => {
  const topLevel = Object.values(coachingSessionMachine.root.states) as Node[];

  it("has the documented top-level states", () => {
    expect(topLevel.map((n) => n.key).sort()).toEqual(
      [
        "abandoned",
        "active",
        "cancelled",
        "cancelling",
        "checking",
        "choosing",
        "completed",
        "conflict",
        "expired",
        "failed",
        "paused",
        "pausing",
        "resuming",
        "starting",
        "syncing",
      ].sort(),
    );
  });

  it("has no final state: even completed and cancelled accept START_NEW", () => {
    expect(topLevel.filter((n) => n.type === "final").map((n) => n.key)).toEqual([]);
    for (const key of ["completed", "cancelled", "abandoned", "expired", "failed"]) {
      expect(exits(coachingSessionMachine.root.states[key] as Node).userEvents).toContain("START_NEW");
    }
  });

  it.each(topLevel.filter((n) => n.type !== "final").map((n) => [n.key, n] as const))(
    "state %s is no dead end",
    (_key, node) => {
      const { userEvents, hasInvokeExit } = exits(node);
      expect(userEvents.length > 0 || hasInvokeExit).toBe(true);
    },
  );

  it("lets the user leave every settled (non-transitional) state by an event", () => {
    const settled = topLevel.filter((n) => n.type !== "final" && n.invoke.length === 0);
    for (const node of settled) expect({ state: node.key, events: exits(node).userEvents.length > 0 }).toEqual({ state: node.key, events: true });
  });

  it("sends from active only through an invoked call that can fail back to ready", () => {
    const sending = coachingSessionMachine.root.states.active!.states.sending as Node;
    expect(exits(sending).hasInvokeExit).toBe(true);
  });
});

describe("coaching session machine as a directed graph (@xstate/graph)", () => {
  type GraphNode = ReturnType<typeof toDirectedGraph>;
  const graph = toDirectedGraph(coachingSessionMachine);
  const topOf = (id: string) => id.split(".")[1] ?? "(root)";

  // Edges between top-level states; an edge declared on the root applies from every state.
  const edges: Array<{ from: string; to: string; event: string }> = [];
  const walk = (node: GraphNode) => {
    for (const edge of node.edges) {
      const to = topOf(edge.target.id);
      // A transition without a target (an action only) is drawn back to its own node: not a move.
      if (to !== "(root)") edges.push({ from: topOf(edge.source.id), to, event: edge.label.text });
    }
    node.children.forEach(walk);
  };
  walk(graph);
  const states = Object.keys(coachingSessionMachine.root.states);
  const finals = states.filter((key) => coachingSessionMachine.root.states[key]!.type === "final");
  const next = (from: string) => edges.filter((e) => e.from === from || e.from === "(root)").map((e) => e.to);
  const reachableFrom = (start: string) => {
    const seen = new Set([start]);
    for (const queue = [start]; queue.length > 0; ) for (const to of next(queue.shift()!)) if (!seen.has(to)) (seen.add(to), queue.push(to));
    return seen;
  };

  it("reaches every state from checking", () => {
    expect([...reachableFrom("checking")].sort()).toEqual([...states].sort());
  });

  it.each(states.filter((s) => !finals.includes(s)))("can always get from %s back to chatting", (state) => {
    expect(reachableFrom(state).has("active")).toBe(true);
  });
});

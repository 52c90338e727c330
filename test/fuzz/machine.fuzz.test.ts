import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getNextSnapshot, waitFor } from "xstate";
import { coachingSessionMachine } from "../../src/machine/coaching-session-machine.js";
import type { CoachingSessionSnapshot } from "../../src/machine/selectors.js";
import type { CoachingSessionEvent } from "../../src/machine/types.js";
import { createMachineHarness } from "../support/machine-harness.js";
import { deliveryEventOf, scriptArb, scriptedApi, step, type Script, type Step } from "./support/machine-chaos.js";

/** Lets scripted promises settle and the machine react (each API answer is one macrotask away). */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Fixed probes for "can the user still do something": every user event, with real ids. */
function userEvents(snapshot: CoachingSessionSnapshot): CoachingSessionEvent[] {
  const ids = snapshot.context.messages.filter((m) => m.role === "user" && m.clientMessageId).map((m) => m.clientMessageId!);
  return [
    { type: "RESUME" },
    { type: "START_NEW" },
    { type: "SEND", text: "hello" },
    { type: "PAUSE" },
    { type: "CANCEL" },
    { type: "RETRY" },
    { type: "REFRESH" },
    ...ids.flatMap((clientMessageId) => [{ type: "RETRY" as const, clientMessageId }, { type: "DISCARD" as const, clientMessageId }]),
  ];
}

/** An accepted user event that changes the state, or at least the transcript (SEND enqueues). */
function waysOut(snapshot: CoachingSessionSnapshot): string[] {
  return userEvents(snapshot)
    .filter((event) => snapshot.can(event))
    .filter((event) => {
      const next = getNextSnapshot(coachingSessionMachine, snapshot, event);
      return JSON.stringify(next.value) !== JSON.stringify(snapshot.value) || next.context.messages !== snapshot.context.messages;
    })
    .map((event) => event.type);
}

function resolveUserEvent(s: Extract<Step, { kind: "user" }>, snapshot: CoachingSessionSnapshot): CoachingSessionEvent {
  const event = s.event;
  if (!("pick" in event)) return event;
  const ids = snapshot.context.messages.filter((m) => m.role === "user" && m.clientMessageId).map((m) => m.clientMessageId!);
  const clientMessageId = ids.length > 0 ? ids[event.pick % ids.length]! : `none-${event.pick}`;
  return { type: event.type, clientMessageId };
}

async function run(script: Script, steps: Step[]) {
  const calls: string[] = [];
  const h = createMachineHarness({ api: scriptedApi(script, calls) });
  const errors: unknown[] = [];
  h.actor.subscribe({ error: (error) => errors.push(error) });
  try {
    h.actor.start();
    await tick();
    for (const s of steps) {
      if (h.actor.getSnapshot().status !== "active") break;
      if (s.kind === "user") h.actor.send(resolveUserEvent(s, h.actor.getSnapshot()));
      else if (s.kind === "visibility") {
        h.advanceClock(s.advanceMs);
        h.environment.setVisible(s.visible);
      } else {
        const tracked = h.delivery.pendingJobs().length > 0 ? h.delivery.pendingJobs() : h.delivery.tracked;
        h.delivery.emit(deliveryEventOf(s, tracked, h.actor.getSnapshot().context.session?.id));
      }
      await tick();
    }
    // Every scripted call answers at once: a run that is still busy after this is stuck.
    await waitFor(h.actor, (s) => s.status !== "active" || !s.hasTag("busy"), { timeout: 500 }).catch(() => undefined);
    const snapshot = h.actor.getSnapshot();
    const where = `state ${JSON.stringify(snapshot.value)}, calls [${calls.join(", ")}]`;
    expect(errors.map(String), where).toEqual([]);
    expect(snapshot.status, where).not.toBe("error");
    if (snapshot.status !== "done") expect(waysOut(snapshot), `no user event leads anywhere from ${where}`).not.toEqual([]);
  } finally {
    h.actor.stop();
  }
}

const steps = fc.array(step, { maxLength: 30 });

const noCalls = (): Script => ({ getCurrentSession: [], startSession: [], getSession: [], resumeSession: [], pauseSession: [], cancelSession: [], sendMessage: [] });
const scripted = (overrides: Partial<Script>): Script => ({ ...noCalls(), ...overrides });

/**
 * Counterexamples fast-check found, run first on every run (fc `examples`) so each stays red until
 * fixed and guards against regressions after. Both currently kill the actor (status "error").
 */
const KNOWN = {
  // `errorOf` builds its message with String(error): a rejection with a null-prototype object
  // (no toString) throws "Cannot convert object to primitive value" inside the onError action.
  nullPrototypeRejection: [scripted({ getCurrentSession: [{ kind: "reject", error: Object.create(null) as object }] }), []] as [Script, Step[]],
  // Actors hand API outputs to guards and assigns unchecked: `loadSession` destructures
  // `session.messages` of an output that has no session.
  garbageStartSession: [scripted({ startSession: [{ kind: "garbage", value: {} }] }), []] as [Script, Step[]],
  // A job failure without an error (a delivery of the app's own): the failure's assign read
  // `error.serverCode` of undefined.
  failureWithoutError: [noCalls(), [{ kind: "fail", pick: 0, target: "tracked", error: undefined }]] as unknown as [Script, Step[]],
};

describe("the session machine under chaos", () => {
  it("survives API rejections (CoachingErrors and raw errors) and malformed delivery events", async () => {
    await fc.assert(
      fc.asyncProperty(scriptArb({ withGarbage: false }), steps, async (script, events) => run(script, events)),
      { numRuns: 50, examples: [KNOWN.nullPrototypeRejection, KNOWN.failureWithoutError] },
    );
  });

  it("survives an API layer that resolves with garbage, too", async () => {
    await fc.assert(
      fc.asyncProperty(scriptArb({ withGarbage: true }), steps, async (script, events) => run(script, events)),
      { numRuns: 50, examples: [KNOWN.garbageStartSession] },
    );
  });
});

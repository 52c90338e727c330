import { machineSetup } from "../actions.js";
import { theEvent } from "../setup.js";

// Opening coaching: check the user's session, then start fresh, choose, or wait out a conflict.

export const checkingState = machineSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "checkCurrentSession",
    src: "checkCurrentSession",
    onDone: [
      {
        guard: { type: "hasConflict", params: ({ event }) => event.output },
        target: "conflict",
        actions: { type: "assignConflict", params: ({ event }) => event.output.conflict },
      },
      { guard: { type: "hasNoSession", params: ({ event }) => event.output }, target: "starting", actions: "forgetSession" },
      {
        guard: { type: "canAutoResume", params: ({ event }) => event.output },
        target: "active",
        actions: [{ type: "loadChecked", params: ({ event }) => event.output }, "readOutbox"],
      },
      {
        guard: { type: "isResumable", params: ({ event }) => event.output.session?.status },
        target: "choosing",
        actions: [{ type: "loadChecked", params: ({ event }) => event.output }, "readOutbox"],
      },
      // Not resumable (a backend answering with an ended session): start a fresh one.
      { target: "starting", actions: "forgetSession" },
    ],
    onError: { target: "failed", actions: { type: "assignError", params: theEvent } },
  },
});

export const conflictState = machineSetup.createStateConfig({
  tags: ["blocked"],
  on: { RETRY: "checking" },
});

export const choosingState = machineSetup.createStateConfig({
  entry: ["watchSession", "trackAwaited"],
  on: {
    // A restored actor does not re-enter its state: tell the new bridge what the entry did.
    "delivery.ready": { actions: ["watchSession", "trackAwaited"] },
    RESUME: [{ guard: "isPaused", target: "resuming" }, { target: "syncing" }],
    START_NEW: "starting",
  },
});

const replacedBy = (previous: string | undefined, started: string) => (previous === started ? undefined : previous);

export const startingState = machineSetup.createStateConfig({
  tags: ["busy"],
  // The session being replaced becomes ABANDONED by this very call; its update is no news.
  on: { "delivery.sessionUpdated": {} },
  invoke: {
    id: "startSession",
    src: "startSession",
    input: ({ context }) => ({
      replaceSessionId: context.session?.status === "ACTIVE" || context.session?.status === "PAUSED" ? context.session.id : undefined,
    }),
    onDone: {
      target: "active",
      actions: [
        // The replaced session's jobs and unsent messages can never be answered or sent now.
        { type: "untrackSession", params: ({ context, event }) => replacedBy(context.session?.id, event.output.session.id) },
        { type: "forgetOutbox", params: ({ context, event }) => replacedBy(context.session?.id, event.output.session.id) },
        { type: "loadStarted", params: ({ event }) => event.output.session },
        // Kept under the new session, so a reload still offers them.
        "persistOutbox",
      ],
    },
    onError: [
      { guard: { type: "isConflict", params: theEvent }, target: "conflict", actions: { type: "assignConflictError", params: theEvent } },
      { target: "failed", actions: { type: "assignError", params: theEvent } },
    ],
  },
});

export const resumingState = machineSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "resumeSession",
    src: "resumeSession",
    input: ({ context }) => ({ sessionId: context.session!.id }),
    onDone: { target: "active", actions: { type: "loadSession", params: ({ event }) => event.output.session } },
    onError: [
      { guard: { type: "isExpired", params: theEvent }, target: "expired", actions: { type: "assignError", params: theEvent } },
      { guard: { type: "isNotActiveOnServer", params: theEvent }, target: "syncing" },
      { target: "choosing", actions: { type: "assignError", params: theEvent } },
    ],
  },
});

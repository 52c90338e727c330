import { sessionSetup } from "../machine-actions.js";

// Opening coaching: check the user's session, then start fresh, choose, or wait out a conflict.

export const checkingState = sessionSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "checkCurrentSession",
    src: "checkCurrentSession",
    input: ({ context }) => ({ services: context.services }),
    onDone: [
      { guard: "hasConflict", target: "conflict", actions: "assignConflict" },
      { guard: "hasNoSession", target: "starting", actions: "loadCurrent" },
      { guard: "canAutoResume", target: "active", actions: "loadCurrent" },
      { guard: "isResumable", target: "choosing", actions: "loadCurrent" },
      { target: "starting", actions: "loadCurrent" },
    ],
    onError: { target: "failed", actions: "assignError" },
  },
});

export const conflictState = sessionSetup.createStateConfig({
  tags: ["blocked"],
  on: { RETRY: "checking" },
});

export const choosingState = sessionSetup.createStateConfig({
  entry: ["watchSession", "trackPending"],
  on: {
    RESUME: [{ guard: "needsResumeCall", target: "resuming" }, { target: "syncing" }],
    START_NEW: "starting",
  },
});

export const startingState = sessionSetup.createStateConfig({
  tags: ["busy"],
  // The session being replaced becomes ABANDONED by this very call; its update is no news.
  on: { "delivery.event": { guard: "isSessionUpdate" } },
  invoke: {
    id: "startSession",
    src: "startSession",
    input: ({ context }) => ({
      services: context.services,
      replaceSessionId:
        context.session && (context.status === "ACTIVE" || context.status === "PAUSED") ? context.session.id : undefined,
    }),
    onDone: { target: "active", actions: ["dropReplacedOutbox", "loadStarted"] },
    onError: [
      { guard: "isConflict", target: "conflict", actions: "assignConflictError" },
      { target: "failed", actions: "assignError" },
    ],
  },
});

export const resumingState = sessionSetup.createStateConfig({
  tags: ["busy"],
  invoke: {
    id: "resumeSession",
    src: "resumeSession",
    input: ({ context }) => ({ services: context.services, sessionId: context.session!.id }),
    onDone: { target: "active", actions: "loadSession" },
    onError: [
      { guard: "isExpired", target: "expired", actions: "assignError" },
      { guard: "isNotActiveOnServer", target: "syncing" },
      { target: "choosing", actions: "assignError" },
    ],
  },
});

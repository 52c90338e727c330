import { machineSetup } from "../actions.js";

// Where a session ends. Each offers a way on: start a new session (or, where it makes sense,
// look again). The socket and the session's jobs are released on entry.

const finished = machineSetup.createStateConfig({
  tags: ["finished"],
  entry: [
    "unwatchSession",
    { type: "untrackSession", params: ({ context }) => context.session?.id },
    { type: "forgetOutbox", params: ({ context }) => context.session?.id },
  ],
  on: {
    SEND: { actions: { type: "blockSend", params: ({ event }) => ({ text: event.text, reason: "finished" as const }) } },
    START_NEW: "starting",
    // The session's own updates (its COMPLETED echo, say) change nothing once it is over.
    "delivery.sessionUpdated": {},
  },
});

export const completedState = finished;
export const cancelledState = finished;

export const abandonedState = machineSetup.createStateConfig({
  ...finished,
  // RESUME opens the session that replaced this one (the user's current session).
  on: { ...finished.on, RESUME: "checking" },
});

export const expiredState = machineSetup.createStateConfig({
  ...finished,
  on: { ...finished.on, RETRY: "checking" },
});

export const failedState = machineSetup.createStateConfig({
  on: { RETRY: "checking", START_NEW: "starting" },
});

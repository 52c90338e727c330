import { sessionSetup } from "../machine-actions.js";

// Where a session ends. `completed` and `cancelled` are final; the others offer a way on.

export const completedState = sessionSetup.createStateConfig({ type: "final", tags: ["finished"], entry: "markConnectionClosed" });
export const cancelledState = sessionSetup.createStateConfig({ type: "final", tags: ["finished"], entry: "markConnectionClosed" });

export const abandonedState = sessionSetup.createStateConfig({
  tags: ["finished"],
  on: { RESUME: "checking", START_NEW: "starting" },
});

export const expiredState = sessionSetup.createStateConfig({
  tags: ["finished"],
  on: { START_NEW: "starting", RETRY: "checking" },
});

export const failedState = sessionSetup.createStateConfig({
  on: { RETRY: "checking", START_NEW: "starting" },
});

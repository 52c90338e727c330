import { selectCanStop } from "coaching-session-sdk";

/**
 * The user's STOP button. For each reply awaited, decides once (with probability `share`) to press
 * it at a random moment within `withinMs`: while queued, mid-stream, or just after it completed.
 * It is pressed then only if the button is still there (`selectCanStop`: that reply still awaited,
 * no stop under way), on whichever page (actor) is open by then.
 */
export function createStopper({ enabled, share, withinMs, random, currentActor }) {
  const decided = new Set();
  /** Jobs a STOP was sent for. */
  const sent = new Set();
  const timers = new Set();
  return {
    sent,
    observe(snapshot) {
      const jobId = snapshot.context.awaiting?.jobId;
      if (jobId === undefined || decided.has(jobId)) return;
      decided.add(jobId);
      if (!enabled || !random.chance(share)) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        const actor = currentActor();
        const now = actor?.getSnapshot();
        if (!now || now.context.awaiting?.jobId !== jobId || !selectCanStop(now)) return;
        sent.add(jobId);
        actor.send({ type: "STOP" });
      }, random.between(0, withinMs));
      timers.add(timer);
    },
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

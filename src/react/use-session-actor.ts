import { useEffect, useState } from "react";
import type { CoachingClient } from "../api/create-coaching-client.js";
import { createCoachingSession, type CoachingSessionActor, type CoachingSessionOptions } from "../machine/create-coaching-session.js";

const started = new WeakSet<CoachingSessionActor>();
const pendingStops = new WeakMap<CoachingSessionActor, ReturnType<typeof setTimeout>>();

/**
 * Creates one session actor per mounted component and starts it after mount (never during
 * server rendering). The stop on unmount is deferred by a tick, so React StrictMode's
 * mount-unmount-mount keeps the same running actor: one session check, one socket.
 *
 * @example
 * const actor = useSessionActor(client, { autoResume: true });
 * const view = useSelector(actor, selectView);
 */
export function useSessionActor(client: CoachingClient, options?: CoachingSessionOptions): CoachingSessionActor {
  // The first client and options win; create the client outside the component so it is stable.
  const [actor] = useState(() => createCoachingSession(client, options));

  useEffect(() => {
    const pendingStop = pendingStops.get(actor);
    if (pendingStop !== undefined) {
      clearTimeout(pendingStop);
      pendingStops.delete(actor);
    }
    if (!started.has(actor)) {
      started.add(actor);
      actor.start();
    }
    return () => {
      pendingStops.set(
        actor,
        setTimeout(() => {
          pendingStops.delete(actor);
          actor.stop();
        }, 0),
      );
    };
  }, [actor]);

  return actor;
}

import { useEffect, useRef, useState } from "react";
import type { CoachingClient } from "../api/create-coaching-client.js";
import { createCoachingSession, type CoachingSessionActor, type CoachingSessionOptions } from "../machine/create-coaching-session.js";

/**
 * Creates one session actor per mounted component and starts it after mount (never during
 * server rendering). The stop on unmount waits a tick, so StrictMode's mount-unmount-mount keeps
 * the same running actor: one session check, one socket. When the component really is hidden
 * (React's `<Activity>`) the actor stops; shown again, a new actor resumes from the stopped one's
 * snapshot, so the session and its transcript carry on and commands are never dropped.
 *
 * @example
 * const actor = useSessionActor(client, { autoResume: true });
 * const view = useActorSelector(actor, selectView);
 */
export function useSessionActor(client: CoachingClient, options?: CoachingSessionOptions): CoachingSessionActor {
  // The first client and options win; create the client outside the component so it is stable.
  const [actor, setActor] = useState(() => createCoachingSession(client, options));
  const pendingStop = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Taken just before a deferred stop, while the calls in flight are still part of it. */
  const stoppedAt = useRef<ReturnType<CoachingSessionActor["getPersistedSnapshot"]> | undefined>(undefined);

  useEffect(() => {
    clearTimeout(pendingStop.current);
    const snapshot = stoppedAt.current;
    if (snapshot) {
      stoppedAt.current = undefined;
      setActor(createCoachingSession(client, { ...options, snapshot }));
      return;
    }
    // `start()` on a running actor does nothing, so a StrictMode re-run is harmless.
    actor.start();
    return () => {
      pendingStop.current = setTimeout(() => {
        stoppedAt.current = actor.getPersistedSnapshot();
        actor.stop();
      }, 0);
    };
    // The client and options are read once, like useState's initializer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actor]);

  return actor;
}

import { useCallback, useRef, useSyncExternalStore } from "react";
import type { CoachingSessionActor } from "../machine/create-coaching-session.js";
import type { CoachingSessionSnapshot } from "../machine/selectors.js";

/**
 * One slice of an actor's snapshot, re-rendering only when the slice changes (by `compare`).
 * React's own `useSyncExternalStore` does the subscribing: no extra package for the hook.
 */
export function useActorSelector<T>(
  actor: CoachingSessionActor,
  selector: (snapshot: CoachingSessionSnapshot) => T,
  compare: (a: T, b: T) => boolean = Object.is,
): T {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const subscription = actor.subscribe({ next: onChange, error: onChange });
      return () => subscription.unsubscribe();
    },
    [actor],
  );
  // The last selection, so an unchanged slice keeps its identity (React compares with Object.is).
  const last = useRef<{ snapshot: CoachingSessionSnapshot; selector: typeof selector; value: T } | null>(null);
  const select = () => {
    const snapshot = actor.getSnapshot();
    const previous = last.current;
    if (previous && previous.snapshot === snapshot && previous.selector === selector) return previous.value;
    const value = selector(snapshot);
    const kept = previous && compare(previous.value, value) ? previous.value : value;
    last.current = { snapshot, selector, value: kept };
    return kept;
  };
  return useSyncExternalStore(subscribe, select, select);
}

import { useEffect, useRef } from "react";

/**
 * Moves focus to the element once it mounts, so keyboard and screen reader users land on the new
 * screen instead of on a button that no longer exists.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}

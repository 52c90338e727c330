import type { BrowserEnvironment } from "./types.js";

type WindowEvent = "online" | "offline" | "pagehide" | "pageshow";

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

// Globals are read on every call, never at import, so this module loads in Node and under SSR.
const host = () =>
  globalThis as {
    window?: EventTargetLike;
    document?: EventTargetLike & { visibilityState?: string };
    navigator?: { onLine?: boolean };
  };

const listen = (target: EventTargetLike | undefined, type: string, listener: () => void): (() => void) => {
  if (!target || typeof target.addEventListener !== "function") return () => {};
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
};

/** An environment that never fires and reports online and visible: for Node, SSR and workers. */
export const noopEnvironment: BrowserEnvironment = {
  onWindow: () => () => {},
  onVisibilityChange: () => () => {},
  isOnline: () => true,
  isVisible: () => true,
};

/**
 * The real browser signals: `window` events, `document.visibilitychange` and `navigator.onLine`.
 * Where a global is missing it behaves like `noopEnvironment`.
 *
 * @example
 * const delivery = createJobDelivery(client, { environment: createBrowserEnvironment() });
 */
export function createBrowserEnvironment(): BrowserEnvironment {
  return {
    onWindow: (type: WindowEvent, listener) => listen(host().window, type, listener),
    onVisibilityChange: (listener) => listen(host().document, "visibilitychange", listener),
    isOnline: () => host().navigator?.onLine !== false,
    isVisible: () => host().document?.visibilityState !== "hidden",
  };
}

/** The browser environment where there is a `window`, else the no-op one. */
export function defaultEnvironment(): BrowserEnvironment {
  return host().window ? createBrowserEnvironment() : noopEnvironment;
}

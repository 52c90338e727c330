import type { BrowserEnvironment } from "../../src/delivery/types.js";

type WindowEvent = "online" | "offline" | "pagehide" | "pageshow";

/** A BrowserEnvironment the test drives: fire window events and flip visibility or network. */
export interface FakeEnvironment extends BrowserEnvironment {
  fire(type: WindowEvent): void;
  setVisible(visible: boolean): void;
  setOnline(online: boolean): void;
  listenerCount(): number;
}

export function createFakeEnvironment(): FakeEnvironment {
  const windowListeners = new Map<WindowEvent, Set<() => void>>();
  const visibilityListeners = new Set<() => void>();
  let visible = true;
  let online = true;
  return {
    onWindow(type, listener) {
      const set = windowListeners.get(type) ?? new Set();
      windowListeners.set(type, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    onVisibilityChange(listener) {
      visibilityListeners.add(listener);
      return () => visibilityListeners.delete(listener);
    },
    isOnline: () => online,
    isVisible: () => visible,
    fire(type) {
      for (const listener of [...(windowListeners.get(type) ?? [])]) listener();
    },
    setVisible(next) {
      visible = next;
      for (const listener of [...visibilityListeners]) listener();
    },
    setOnline(next) {
      online = next;
      this.fire(next ? "online" : "offline");
    },
    listenerCount: () => visibilityListeners.size + [...windowListeners.values()].reduce((n, s) => n + s.size, 0),
  };
}

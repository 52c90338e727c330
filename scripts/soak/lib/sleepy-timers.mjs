/**
 * Timers for the SDK that can "sleep" like a laptop with its lid shut: the clock jumps ahead and
 * every timer that fell due meanwhile fires at once, as browsers and Node do on wake. The SDK's
 * job deadlines, polls, heartbeats and reconnect backoffs all run on these (`createCoachingClient`'s
 * `timers` option); ky's own retry waits and XState's delays stay on the real clock.
 */
export function createSleepyTimers() {
  let offsetMs = 0;
  const pending = new Map();
  const timers = {
    now: () => Date.now() + offsetMs,
    setTimeout(callback, ms) {
      const handle = setTimeout(() => {
        pending.delete(handle);
        callback();
      }, ms);
      pending.set(handle, callback);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      clearTimeout(handle);
    },
  };
  return {
    timers,
    /** Jumps the clock by `ms` and fires every pending timer now. */
    sleep(ms) {
      offsetMs += ms;
      const due = [...pending];
      pending.clear();
      for (const [handle] of due) clearTimeout(handle);
      for (const [, callback] of due) callback();
    },
  };
}

/**
 * A page the soak puts to sleep and wakes: hidden and `pagehide` (the socket closes, as a sleeping
 * laptop's network does), then shown again with `pageshow`.
 */
export function createSoakEnvironment() {
  const listeners = { visibilitychange: new Set(), pagehide: new Set(), pageshow: new Set(), online: new Set(), offline: new Set() };
  let visible = true;
  const add = (type, listener) => {
    listeners[type].add(listener);
    return () => listeners[type].delete(listener);
  };
  const fire = (type) => {
    for (const listener of [...listeners[type]]) listener();
  };
  return {
    onWindow: add,
    onVisibilityChange: (listener) => add("visibilitychange", listener),
    isOnline: () => true,
    isVisible: () => visible,
    hide() {
      visible = false;
      fire("visibilitychange");
      fire("pagehide");
    },
    show() {
      visible = true;
      fire("pageshow");
      fire("visibilitychange");
    },
  };
}

import type { BrowserEnvironment } from "./types.js";

/** What delivery does when the page or the network changes. */
export interface PageSignalHandlers {
  /** Online state or page visibility changed: re-decide the socket, the status, the cadences. */
  changed(): void;
  /** The network or the page is back (online, pageshow, visible): events may have been missed. */
  back(): void;
}

/**
 * The browser's network and page-lifecycle signals, as two facts (online, page hidden) and two
 * callbacks. Listeners attach with the first subscriber and detach with the last.
 */
export interface PageSignals {
  readonly online: boolean;
  /** The page was hidden with `pagehide` (it may be frozen in the back/forward cache). */
  readonly pageHidden: boolean;
  attach(): void;
  detach(): void;
}

export function createPageSignals(environment: BrowserEnvironment, handlers: PageSignalHandlers): PageSignals {
  let online = true;
  let pageHidden = false;
  let detachers: Array<() => void> = [];

  const on = {
    online() {
      online = true;
      handlers.changed();
      handlers.back();
    },
    offline() {
      online = false;
      handlers.changed();
    },
    // An open socket keeps the page out of the back/forward cache: `changed` closes it.
    pagehide() {
      pageHidden = true;
      handlers.changed();
    },
    pageshow() {
      pageHidden = false;
      online = environment.isOnline();
      handlers.changed();
      handlers.back();
    },
  };

  return {
    get online() {
      return online;
    },
    get pageHidden() {
      return pageHidden;
    },
    attach() {
      online = environment.isOnline();
      pageHidden = false;
      detachers = [
        ...(["online", "offline", "pagehide", "pageshow"] as const).map((type) => environment.onWindow(type, on[type])),
        environment.onVisibilityChange(() => (environment.isVisible() ? handlers.back() : handlers.changed())),
      ];
    },
    detach() {
      for (const detach of detachers) detach();
      detachers = [];
    },
  };
}

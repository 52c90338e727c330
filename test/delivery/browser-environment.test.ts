import { afterEach, describe, expect, it, vi } from "vitest";
import { createBrowserEnvironment, defaultEnvironment, noopEnvironment } from "../../src/delivery/browser-environment.js";

describe("browser environment", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("imports and works in Node, where there is no window or document", async () => {
    expect("window" in globalThis).toBe(false);
    await expect(import("../../src/delivery/index.js")).resolves.toHaveProperty("createJobDelivery");
    const environment = createBrowserEnvironment();
    const remove = environment.onWindow("online", () => {});
    expect(() => remove()).not.toThrow();
    expect(() => environment.onVisibilityChange(() => {})()).not.toThrow();
    expect([environment.isOnline(), environment.isVisible()]).toEqual([true, true]);
    expect(defaultEnvironment()).toBe(noopEnvironment);
  });

  it("reads window, document and navigator lazily, when they appear", () => {
    const environment = createBrowserEnvironment();
    const window = new EventTarget();
    const document = Object.assign(new EventTarget(), { visibilityState: "hidden" });
    vi.stubGlobal("window", window);
    vi.stubGlobal("document", document);
    vi.stubGlobal("navigator", { onLine: false });
    expect([environment.isOnline(), environment.isVisible()]).toEqual([false, false]);

    const online = vi.fn();
    const visibility = vi.fn();
    const removeOnline = environment.onWindow("online", online);
    const removeVisibility = environment.onVisibilityChange(visibility);
    window.dispatchEvent(new Event("online"));
    document.dispatchEvent(new Event("visibilitychange"));
    removeOnline();
    removeVisibility();
    window.dispatchEvent(new Event("online"));
    document.dispatchEvent(new Event("visibilitychange"));
    expect([online.mock.calls.length, visibility.mock.calls.length]).toEqual([1, 1]);
    expect(defaultEnvironment()).not.toBe(noopEnvironment);
  });
});

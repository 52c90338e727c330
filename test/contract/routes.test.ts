import { describe, expect, it } from "vitest";
import { defaultRoutes } from "../../src/contract/index.js";

describe("defaultRoutes", () => {
  it("matches the contract's paths", () => {
    expect(defaultRoutes.getCurrentSession()).toBe("/coaching/sessions/current");
    expect(defaultRoutes.startSession()).toBe("/coaching/sessions");
    expect(defaultRoutes.getSession("s1")).toBe("/coaching/sessions/s1");
    expect(defaultRoutes.resumeSession("s1")).toBe("/coaching/sessions/s1/resume");
    expect(defaultRoutes.pauseSession("s1")).toBe("/coaching/sessions/s1/pause");
    expect(defaultRoutes.cancelSession("s1")).toBe("/coaching/sessions/s1/cancel");
    expect(defaultRoutes.sendMessage("s1")).toBe("/coaching/sessions/s1/messages");
    expect(defaultRoutes.getJob("j1")).toBe("/coaching/jobs/j1");
  });

  it.each([
    ["a slash", "a/b", "a%2Fb"],
    ["dot segments", "..", ".."],
    ["a query", "x?admin=1", "x%3Fadmin%3D1"],
    ["a fragment", "x#y", "x%23y"],
    ["spaces and unicode", "s 1é", "s%201%C3%A9"],
    ["a percent", "100%", "100%25"],
  ])("encodes ids containing %s", (_name, id, encoded) => {
    expect(defaultRoutes.getSession(id)).toBe(`/coaching/sessions/${encoded}`);
    expect(defaultRoutes.resumeSession(id)).toBe(`/coaching/sessions/${encoded}/resume`);
    expect(defaultRoutes.pauseSession(id)).toBe(`/coaching/sessions/${encoded}/pause`);
    expect(defaultRoutes.cancelSession(id)).toBe(`/coaching/sessions/${encoded}/cancel`);
    expect(defaultRoutes.sendMessage(id)).toBe(`/coaching/sessions/${encoded}/messages`);
    expect(defaultRoutes.getJob(id)).toBe(`/coaching/jobs/${encoded}`);
  });
});

import { describe, expect, it } from "vitest";
import { useBrowserSuite } from "./support/suite.js";

const { admin, open } = useBrowserSuite();

describe("screens where a session ends, each with its way out", () => {
  it("expired: a message to an expired session leads to a fresh start", async () => {
    const { page, app, screenshot, axe } = await open();
    await app.openChat();
    const old = await admin.onlySession();
    await admin.command("expireSession", { sessionId: old.id });
    await app.send("Anyone there?");

    await app.heading("This session has expired").waitFor();
    await screenshot("expired-phone");
    expect(await axe()).toEqual([]);
    await app.button("Start new session").click();
    // The message the expired session never got is kept, for the user to send in the new one.
    const unsent = app.chat.locator('li.message[data-delivery="failed"]');
    await unsent.waitFor();
    expect(await unsent.textContent()).toContain("Anyone there?");
    await expect.poll(() => app.input.isEnabled()).toBe(true);
    const { sessions } = await admin.state();
    expect(sessions.map((s) => s.id)).toEqual([old.id, expect.not.stringMatching(old.id)]);
    await app.button(/^Retry sending/).click();
    await app.coachMessages.first().waitFor();
    const fresh = await admin.session(sessions[1]!.id);
    expect(fresh.messages?.map((m) => m.content)[0]).toBe("Anyone there?");
  });

  it("abandoned: a fresh start elsewhere closes this one; the new session can be opened", async () => {
    const { app, screenshot, axe } = await open();
    await app.openChat();
    await app.badge.and(app.badge.page().locator('[data-status="live"]')).waitFor();
    const old = await admin.onlySession();
    await admin.command("abandonElsewhere", { sessionId: old.id, replacedBy: "sess_elsewhere" });

    await app.heading("This session continues elsewhere").waitFor();
    await screenshot("abandoned-phone");
    expect(await axe()).toEqual([]);
    await app.button("Start new session").click();
    await expect.poll(() => app.input.isEnabled()).toBe(true);
  });

  it("failed: the session check fails, Try again recovers", async () => {
    // Every attempt of the first check fails (the client retries twice).
    await admin.command("failNext", { status: 500, route: "getCurrentSession", times: 3 });
    const { page, app, screenshot, axe } = await open();
    await app.open();
    await app.heading("Something went wrong").waitFor();
    await page.getByText("The coaching service had a problem (HTTP 500).").waitFor();
    await screenshot("failed-phone");
    expect(await axe()).toEqual([]);
    await app.button("Try again").click();
    await expect.poll(() => app.input.isEnabled()).toBe(true);
  });
});

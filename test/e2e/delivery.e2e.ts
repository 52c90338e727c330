import { describe, expect, it } from "vitest";
import { useBrowserSuite } from "./support/suite.js";

const { admin, open } = useBrowserSuite();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("replies reach the page exactly once", () => {
  it("falls back to polling when the socket drops mid-reply, and shows the reply once", async () => {
    const { page, app, badgeHistory, log } = await open();
    // Events stay dropped after the reconnect, so a job still running then is found by the
    // live socket's safety-net poll: shorten it from 20 s so the test need not wait that long.
    await app.openChat("?socketSilenceMs=1500");
    await app.badge.and(page.locator('[data-status="live"]')).waitFor();

    // From now on the socket carries no events: the reply can only arrive by polling.
    await admin.command("config", { processingDelayMs: 600 });
    await admin.command("dropEvents", { on: true });
    await app.send("Will this survive a dropped socket?");
    await app.chat.locator('li[data-delivery="accepted"]').waitFor();
    await admin.command("dropSockets");

    await app.coachMessages.first().waitFor();
    expect(await badgeHistory()).toContain("polling");
    // Late duplicates (the poll that raced the reconnect) must not add a second copy.
    await sleep(1_500);
    expect(await app.coachMessages.count()).toBe(1);
    expect(await app.userMessages.count()).toBe(1);

    const state = await admin.state();
    expect(state.requests.some((r) => r.route === "getJob" && r.status === 200)).toBe(true);
    const session = await admin.onlySession();
    expect(session.messages?.map((m) => m.role)).toEqual(["user", "coach"]);
    await admin.command("dropEvents", { on: false });
    // The socket comes back by itself.
    await app.badge.and(page.locator('[data-status="live"]')).waitFor();
    // Chromium reports the abrupt close as a console error; nothing else may be logged.
    expect(log.problems.filter((p) => !/WebSocket/.test(p))).toEqual([]);
  });

  it("works without a socket at all (?socket=off): the badge says polling, replies still come", async () => {
    const { page, app, urls, axe } = await open();
    await page.goto(`${urls.pageUrl}?socket=off`);
    await expect.poll(() => app.input.isEnabled()).toBe(true);
    await app.badge.and(page.locator('[data-status="polling"]')).waitFor();
    await app.sendAndWaitForReply("No socket here", 1);
    expect(await axe()).toEqual([]);
    expect((await admin.state()).socketCount).toBe(0);
  });

  it("shows a reply that was pending during a reload after the reload, once", async () => {
    const { page, app } = await open();
    await app.openChat();
    await admin.command("config", { processingDelayMs: 1_500 });
    await app.send("Reply while I reload");
    await app.chat.locator('li[data-delivery="accepted"]').waitFor();
    await app.typing.waitFor();

    await page.reload();
    await app.heading("Welcome back").waitFor();
    await app.button("Resume session").click();

    await app.coachMessages.first().waitFor();
    await sleep(1_500);
    expect(await app.coachMessages.count()).toBe(1);
    expect(await app.userMessages.allTextContents()).toEqual([expect.stringContaining("Reply while I reload")]);
    expect(await app.typing.count()).toBe(0);
    const session = await admin.onlySession();
    expect(session.messages?.map((m) => m.role)).toEqual(["user", "coach"]);
    expect((await admin.state()).jobs).toHaveLength(1);
  });

  it("marks a message that could not be sent, then retries or discards it", async () => {
    const { app, screenshot, axe } = await open();
    await app.openChat();
    // Three 503s outlast the client's two retries.
    await admin.command("failNext", { status: 503, route: "sendMessage", times: 3 });
    await app.send("This one fails first");
    const failed = app.chat.locator('li[data-delivery="failed"]');
    await failed.waitFor();
    await failed.getByText(/Not sent\. The coaching service had a problem \(HTTP 503\)/).waitFor();
    await screenshot("failed-message-phone");
    expect(await axe()).toEqual([]);

    await failed.getByRole("button", { name: /^Retry sending/ }).click();
    await app.coachMessages.first().waitFor();
    expect(await failed.count()).toBe(0);

    await admin.command("failNext", { status: 503, route: "sendMessage", times: 3 });
    await app.send("This one I give up on");
    await failed.waitFor();
    await failed.getByRole("button", { name: /^Discard/ }).click();
    await expect.poll(() => app.userMessages.count()).toBe(1);
    const session = await admin.onlySession();
    expect(session.messages?.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["This one fails first"]);
  });
});

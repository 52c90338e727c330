import { describe, expect, it } from "vitest";
import { useBrowserSuite } from "./support/suite.js";

const { admin, open } = useBrowserSuite();

describe("the example chat in a real browser", () => {
  it("starts a session, takes three messages and shows the results", async () => {
    const { page, app, log, screenshot, axe } = await open();
    await app.openChat();
    expect(await app.focusedName()).toBe("message");
    // The opening screen: an empty chat that takes messages.
    expect(await axe()).toEqual([]);
    // Fits a 375 px phone: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await app.badge.and(page.locator('[data-status="live"]')).waitFor();

    await app.send("I want to run a 5k");
    // The message shows at once, then the coach types.
    await app.userMessages.first().waitFor();
    await app.typing.waitFor();
    await app.coachMessages.first().waitFor();
    expect(await axe()).toEqual([]);

    // A slower reply, to catch the pending state on camera.
    await admin.command("config", { processingDelayMs: 1_500 });
    await app.send("My knee hurts after long runs");
    await app.typing.waitFor();
    await app.chat.locator('li[data-delivery="accepted"]').nth(1).waitFor();
    await screenshot("chat-typing-phone");
    expect(await axe()).toEqual([]);
    await app.coachMessages.nth(1).waitFor();
    await expect.poll(() => app.typing.count()).toBe(0);
    await screenshot("chat-phone");
    await admin.command("config", { processingDelayMs: 300 });

    await app.send("I will book a physio appointment tomorrow");
    await app.heading("Session complete").waitFor();
    await expect.poll(() => page.locator(".summary").textContent()).toBe("Session completed after 3 turns.");
    const fields = await page.locator(".field").allTextContents();
    expect(fields).toEqual([
      "Answer 1I want to run a 5k",
      "Answer 2My knee hurts after long runs",
      "Answer 3I will book a physio appointment tomorrow",
    ]);
    await screenshot("results-phone");
    expect(await axe()).toEqual([]);
    // The transcript folded under the results, opened.
    await page.locator(".transcript-details summary").click();
    await page.locator(".transcript-details li.message").first().waitFor();
    expect(await axe()).toEqual([]);
    // The finished session has released its socket; the results screen shows no connection badge.
    await expect.poll(async () => (await admin.state()).socketCount).toBe(0);
    await expect.poll(() => app.badge.count()).toBe(0);

    const session = await admin.onlySession();
    expect(session.status).toBe("COMPLETED");
    expect(session.messages?.map((m) => m.role)).toEqual(["user", "coach", "user", "coach", "user", "coach"]);
    expect(log.problems).toEqual([]);

    // "Start a new session" gives a fresh session and an empty chat, in the same actor.
    await app.button("Start a new session").click();
    await app.input.waitFor();
    await page.getByText("Your coach is ready.").waitFor();
    await expect.poll(async () => (await admin.state()).sessions.map((s) => s.status)).toEqual(["COMPLETED", "ACTIVE"]);
  });

  it("offers to resume after a reload and shows the transcript again", async () => {
    const { page, app, axe } = await open();
    await app.openChat();
    await app.sendAndWaitForReply("Hello coach", 1);

    await page.reload();
    await app.heading("Welcome back").waitFor();
    await page.getByText("In progress", { exact: true }).waitFor();
    await page.getByText(/2 messages/).waitFor();
    expect(await axe()).toEqual([]);
    await app.button("Resume session").click();

    await app.coachMessages.first().waitFor();
    expect(await app.messages.allTextContents()).toEqual([expect.stringContaining("Hello coach"), expect.stringContaining("Coach (turn 1)")]);
    await expect.poll(() => app.focusedName()).toBe("message");
  });

  it("offers an active session that sat idle as paused", async () => {
    const { page, app, urls } = await open();
    // Idle after 300 ms instead of 30 minutes.
    await page.goto(`${urls.pageUrl}?idleAfterMs=300`);
    await expect.poll(() => app.input.isEnabled()).toBe(true);
    await app.sendAndWaitForReply("Quick question", 1);
    await new Promise((resolve) => setTimeout(resolve, 600));

    await page.reload();
    await app.heading("Your session is paused").waitFor();
    await page.locator(".pill-paused").waitFor();
    expect((await admin.onlySession()).status).toBe("ACTIVE");
    await app.button("Resume session").click();
    await expect.poll(() => app.input.isEnabled()).toBe(true);
    expect(await app.messages.count()).toBe(2);
  });

  it("pause blocks the input, resume unblocks it", async () => {
    const { page, app, screenshot, axe } = await open();
    await app.openChat();
    await app.sendAndWaitForReply("Let us talk about sleep", 1);

    await app.button("Pause").click();
    await page.getByText("Session paused. Nothing is sent until you resume.").waitFor();
    expect(await app.input.isDisabled()).toBe(true);
    expect(await app.sendButton.isDisabled()).toBe(true);
    expect((await admin.onlySession()).status).toBe("PAUSED");
    await screenshot("paused-phone");
    expect(await axe()).toEqual([]);

    // A reload offers the paused session as paused.
    await page.reload();
    await app.heading("Your session is paused").waitFor();
    await page.locator(".pill-paused").waitFor();
    await screenshot("choosing-phone");
    expect(await axe()).toEqual([]);
    await app.button("Resume session").click();

    await expect.poll(() => app.input.isEnabled()).toBe(true);
    await expect.poll(() => app.focusedName()).toBe("message");
    expect((await admin.onlySession()).status).toBe("ACTIVE");
    await app.sendAndWaitForReply("I go to bed too late", 2);
  });

  it("pauses and resumes without leaving the chat", async () => {
    const { app } = await open();
    await app.openChat();
    await app.button("Pause").click();
    await expect.poll(() => app.input.isDisabled()).toBe(true);
    await app.button("Resume").click();
    await expect.poll(() => app.input.isEnabled()).toBe(true);
    await expect.poll(() => app.focusedName()).toBe("message");
  });

  it("shows a banner when a pause fails, and Dismiss removes it", async () => {
    const { page, app, axe } = await open();
    await app.openChat();
    // More 503s than the client retries.
    await admin.command("failNext", { status: 503, route: "pauseSession", times: 3 });
    await app.button("Pause").click();
    const banner = page.getByRole("alert").filter({ hasText: "HTTP 503" });
    await banner.waitFor();
    expect(await axe()).toEqual([]);
    await banner.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect((await admin.onlySession()).status).toBe("ACTIVE");
  });

  it("shows a progress screen while the session check is slow", async () => {
    await admin.command("delayNext", { ms: 2_000, route: "getCurrentSession" });
    const { page, app, axe } = await open();
    await app.open();
    const progress = page.locator('[data-screen="progress"]');
    await progress.getByRole("status").filter({ hasText: "Checking for your session" }).waitFor();
    expect(await axe()).toEqual([]);
    // Still there afterwards, so axe saw this screen and not the chat that follows it.
    expect(await progress.count()).toBe(1);
    await expect.poll(() => app.input.isEnabled()).toBe(true);
  });

  it("cancels the session after a confirmation", async () => {
    const { page, app, screenshot, axe } = await open();
    await app.openChat();
    await app.button("End session").click();
    // The confirmation in the chat bar.
    await app.button("Keep going").waitFor();
    expect(await axe()).toEqual([]);
    // "Keep going" backs out.
    await app.button("Keep going").click();
    await app.button("End session").click();
    await app.button("Yes, end it").click();

    await app.heading("Session ended").waitFor();
    expect((await admin.onlySession()).status).toBe("CANCELLED");
    await screenshot("cancelled-phone");
    expect(await axe()).toEqual([]);

    await app.button("Start a new session").click();
    await app.input.waitFor();
    await expect.poll(() => app.input.isEnabled()).toBe(true);
    await expect.poll(async () => (await admin.state()).sessions.map((s) => s.status)).toEqual(["CANCELLED", "ACTIVE"]);
    expect(await page.getByText("Your coach is ready.").count()).toBe(1);
  });

  it("start new retires the old session and begins with an empty transcript", async () => {
    const { page, app } = await open();
    await app.openChat();
    await app.sendAndWaitForReply("An old topic", 1);
    const old = await admin.onlySession();

    await page.reload();
    await app.heading("Welcome back").waitFor();
    await app.button("Start new session").click();

    // Our own start abandons the old session; the page must not take that for "continued elsewhere".
    const screen = page.locator('[data-screen="chat"], [data-screen="abandoned"]').first();
    await screen.waitFor();
    expect(await screen.getAttribute("data-screen")).toBe("chat");
    await page.getByText("Your coach is ready.").waitFor();
    expect(await app.messages.count()).toBe(0);
    const { sessions } = await admin.state();
    expect(sessions.find((s) => s.id === old.id)?.status).toBe("ABANDONED");
    expect(sessions.filter((s) => s.status === "ACTIVE")).toHaveLength(1);
  });

  it("shows the conflict guidance and enters once the other session is gone", async () => {
    await admin.command("setConflict", {
      conflict: { heldBy: { displayName: "Ada" }, guidance: "Ada is using coaching on this account. Try again when she is done." },
    });
    const { page, app, screenshot, axe } = await open();
    await app.open();
    await app.heading("Coaching is in use right now").waitFor();
    await page.getByRole("alert").filter({ hasText: "Ada is using coaching on this account." }).waitFor();
    await page.getByText(/Ada started a session/).waitFor();
    await screenshot("conflict-phone");
    expect(await axe()).toEqual([]);

    // Still held: Try again lands on the same guidance.
    await app.button("Try again").click();
    await app.heading("Coaching is in use right now").waitFor();

    await admin.command("setConflict", { conflict: null });
    await app.button("Try again").click();
    await app.input.waitFor();
    await expect.poll(() => app.input.isEnabled()).toBe(true);
  });
});

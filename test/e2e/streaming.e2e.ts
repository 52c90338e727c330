import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useBrowserSuite } from "./support/suite.js";

const { admin, open } = useBrowserSuite();

/**
 * Records, inside the page, every text the coach's reply bubble shows while it is written, and
 * whether it ever stood next to its final copy (two coach bubbles for one reply).
 */
async function watchReply(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    let doubled = false;
    const record = () => {
      const partial = document.querySelector('li.message[data-partial="true"] .bubble');
      if (partial) seen.push(partial.textContent!.replace(/^Coach: /, ""));
      if (partial && document.querySelectorAll('li.message[data-role="coach"]').length > 1) doubled = true;
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    (window as unknown as { replyWatch: () => { seen: string[]; doubled: boolean } }).replyWatch = () => ({ seen, doubled });
  });
  return () => page.evaluate(() => (window as unknown as { replyWatch: () => { seen: string[]; doubled: boolean } }).replyWatch());
}

const coachText = async (page: Page) =>
  (await page.locator('li.message[data-role="coach"] .bubble').first().textContent())!.replace(/^Coach: /, "");

describe("streamed replies in a real browser", () => {
  it("grows the reply in its bubble, then the same bubble holds the final reply", async () => {
    const { page, app, axe } = await open();
    await app.openChat();
    await admin.command("config", { processingDelayMs: 3_000, streaming: { chunkCount: 6 } });
    const watched = await watchReply(page);
    await app.send("Tell me about training plans");
    await app.partialReply.waitFor();
    const bubble = await app.partialReply.elementHandle();
    expect(await app.button("Stop").isEnabled()).toBe(true);
    expect(await axe()).toEqual([]);
    await app.coachMessages.first().waitFor({ timeout: 10_000 });
    const final = await coachText(page);
    // One element throughout: the bubble that streamed is the one that now holds the reply.
    expect(await bubble!.evaluate((li) => li.isConnected && li.getAttribute("data-partial") === null)).toBe(true);
    const { seen, doubled } = await watched();
    expect(doubled).toBe(false);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const text of seen) expect(final.startsWith(text)).toBe(true);
    expect(await app.button("Stop").count()).toBe(0);
  });

  it("Stop keeps the text written so far, marked stopped, and the next message goes", async () => {
    const { page, app } = await open();
    await app.openChat();
    await admin.command("config", { processingDelayMs: 8_000, streaming: { chunkCount: 8 } });
    await app.send("Give me a long answer");
    await app.partialReply.waitFor();
    await app.button("Stop").click();
    const stopped = app.chat.locator('li.message[data-stopped="true"]');
    await stopped.waitFor();
    const text = await coachText(page);
    expect(text.length).toBeGreaterThan(0);
    const session = await admin.onlySession();
    expect(session.messages?.filter((m) => m.role === "coach").map((m) => m.content)).toEqual([text]);
    await admin.command("config", { processingDelayMs: 300 });
    await expect.poll(() => app.input.isEnabled()).toBe(true);
    await app.sendAndWaitForReply("Thanks, that will do", 2);
  });

  it("with progress frames lost on the way, never shows garbled text and ends with the whole reply", async () => {
    const { page, app } = await open();
    await app.openChat();
    await admin.command("config", { processingDelayMs: 3_000, streaming: { chunkCount: 6 } });
    await admin.command("dropEvents", { on: true, events: "progress", seqs: [2, 4] });
    const watched = await watchReply(page);
    await app.send("Lossy network today");
    await app.coachMessages.first().waitFor({ timeout: 10_000 });
    const final = await coachText(page);
    const session = await admin.onlySession();
    expect(session.messages?.filter((m) => m.role === "coach").map((m) => m.content)).toEqual([final]);
    const { seen, doubled } = await watched();
    expect(doubled).toBe(false);
    for (const text of seen) expect(final.startsWith(text)).toBe(true);
    expect(await app.coachMessages.count()).toBe(1);
  });
});

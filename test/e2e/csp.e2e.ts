import { describe, expect, it } from "vitest";
import { DESKTOP } from "./support/browser.js";
import { useBrowserSuite } from "./support/suite.js";

const { open, urls } = useBrowserSuite();

describe("the page under Content-Security-Policy: script-src 'self'", () => {
  it("runs a whole conversation without a single CSP violation", async () => {
    const { page, app, log, cspViolations, screenshot, axe } = await open(DESKTOP);
    const response = await page.goto(urls.pageUrl);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await expect.poll(() => app.input.isEnabled()).toBe(true);

    await app.sendAndWaitForReply("Checking the policy", 1);
    await app.sendAndWaitForReply("Still fine?", 2);
    await screenshot("chat-desktop");
    await app.send("Last one");
    await app.heading("Session complete").waitFor();
    // axe on the desktop layout; injecting and running it must not trip the policy either.
    expect(await axe()).toEqual([]);

    expect(await cspViolations()).toEqual([]);
    expect(log.console.filter((line) => /Content[- ]Security[- ]Policy/i.test(line))).toEqual([]);
    expect(log.problems).toEqual([]);

    // axe does report what it should: here the defect the example once had, an <li> outside a list.
    await page.evaluate(() => document.querySelector("main")?.append(Object.assign(document.createElement("li"), { textContent: "Stray item" })));
    expect(await axe()).toEqual([expect.stringMatching(/^listitem \(serious\)/)]);

    // The listeners do see violations: an inline script is refused and reported.
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.body.append(script);
    });
    await expect.poll(cspViolations).toEqual(["script-src-elem: inline"]);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  });
});

import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, inject } from "vitest";
import { createAdmin } from "./admin.js";
import { launchBrowser, openTestPage, PHONE, type TestPage } from "./browser.js";
import { chatPage } from "./chat-page.js";
import "./demo-urls.js";

/**
 * The hooks every browser test file shares: one Chromium per file, a fresh context per test (so
 * sessionStorage starts empty) and a reset backend before each test.
 */
export function useBrowserSuite() {
  const urls = inject("demo");
  const admin = createAdmin(urls);
  let browser: Browser;
  const pages: TestPage[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    await admin.reset();
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.context.close();
  });

  return {
    urls,
    admin,
    async open(viewport: { width: number; height: number } = PHONE) {
      const test = await openTestPage(browser, viewport);
      pages.push(test);
      return { ...test, urls, app: chatPage(test.page, urls.pageUrl) };
    },
  };
}

import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { axeViolations } from "./axe.js";

/** Debian's Chromium; never a downloaded one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const SCREENSHOT_DIR = fileURLToPath(new URL("../../../test-results/screenshots/", import.meta.url));

export const PHONE = { width: 375, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    timeout: 30_000,
  });
}

/** What a page reported while a test ran. */
export interface PageLog {
  /** Console errors and warnings, and uncaught exceptions. */
  problems: string[];
  /** Every console message, for debugging a failure. */
  console: string[];
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  log: PageLog;
  /** `securitypolicyviolation` events the page saw, as "directive: blocked URI". */
  cspViolations(): Promise<string[]>;
  /** Every connection status the badge has shown since the page loaded (this load only). */
  badgeHistory(): Promise<string[]>;
  screenshot(name: string): Promise<void>;
  /** axe-core's violations on the page as it is now (any impact), one line each. */
  axe(): Promise<string[]>;
}

/**
 * A fresh context (empty sessionStorage, no cookies) and page. Two init scripts record CSP
 * violations and the badge's statuses; they run through the DevTools protocol, which the page's
 * CSP does not govern, so they cannot cause violations themselves.
 */
export async function openTestPage(browser: Browser, viewport: { width: number; height: number } = PHONE): Promise<TestPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, reducedMotion: "reduce", locale: "en-GB" });
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[]; __badge: string[] };
    w.__csp = [];
    w.__badge = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      w.__csp.push(`${event.effectiveDirective}: ${event.blockedURI || "inline"}`);
    });
    new MutationObserver(() => {
      const status = document.querySelector(".badge")?.getAttribute("data-status");
      if (status && w.__badge.at(-1) !== status) w.__badge.push(status);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  });
  // Well below the test timeout, so a failure names the locator it waited for.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const log: PageLog = { problems: [], console: [] };
  page.on("console", (message) => {
    const text = `${message.type()}: ${message.text()}`;
    log.console.push(text);
    if (message.type() === "error" || message.type() === "warning") log.problems.push(text);
  });
  page.on("pageerror", (error) => log.problems.push(`pageerror: ${error.message}`));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    page,
    log,
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    badgeHistory: () => page.evaluate(() => (window as unknown as { __badge: string[] }).__badge),
    async screenshot(name) {
      await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, animations: "disabled", caret: "hide" });
    },
    axe: () => axeViolations(page),
  };
}

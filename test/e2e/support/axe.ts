import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

type Axe = typeof import("axe-core");

/** axe-core's browser build, from node_modules (never a CDN). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page as it is now with the rules axe enables by default, and lists every
 * violation of any impact, one line each: "rule (impact): help: targets".
 *
 * axe goes in through `page.evaluate`, i.e. the DevTools protocol, which the page's CSP does not
 * govern: a `<script>` tag would be refused by `script-src 'self'`, and relaxing the policy (or
 * Playwright's `bypassCSP`) would test a page users never get. A navigation drops it, so it is
 * injected again whenever the page has none.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: Axe };
    const { violations } = await axe.run(document, { resultTypes: ["violations"] });
    return violations.map(
      (violation) =>
        `${violation.id} (${violation.impact ?? "no impact"}): ${violation.help}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  });
}

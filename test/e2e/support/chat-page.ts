import type { Page } from "playwright-core";

/** Locators and steps of the example app, named after what the user sees. */
export function chatPage(page: Page, pageUrl: string) {
  const chat = page.locator('[data-screen="chat"]');
  const input = page.getByRole("textbox", { name: "Message to your coach" });
  const api = {
    chat,
    input,
    sendButton: page.getByRole("button", { name: "Send", exact: true }),
    badge: page.locator(".badge"),
    typing: chat.getByRole("status").filter({ hasText: "Coach is typing" }),
    messages: chat.locator("li.message"),
    /** The coach's completed replies (a reply still being written is `partialReply`). */
    coachMessages: chat.locator('li.message[data-role="coach"]:not([data-partial])'),
    partialReply: chat.locator('li.message[data-partial="true"]'),
    userMessages: chat.locator('li.message[data-role="user"]'),
    heading: (name: string | RegExp) => page.getByRole("heading", { name }),
    button: (name: string | RegExp) => page.getByRole("button", { name, exact: typeof name === "string" }),

    async open(query = "") {
      await page.goto(`${pageUrl}${query}`);
    },
    /** Opens the page and waits until the chat of a fresh session takes messages. */
    async openChat(query = "") {
      await api.open(query);
      await input.waitFor({ state: "visible" });
      await page.waitForFunction(() => !(document.querySelector('textarea[name="message"]') as HTMLTextAreaElement | null)?.disabled);
    },
    async send(text: string) {
      await input.fill(text);
      await input.press("Enter");
    },
    /** Sends and waits until the coach has answered `replies` messages in all. */
    async sendAndWaitForReply(text: string, replies: number) {
      await api.send(text);
      await api.coachMessages.nth(replies - 1).waitFor();
    },
    /** The `name` (else the tag) of the focused element. */
    focusedName: () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute("name") ?? document.activeElement?.tagName ?? null),
  };
  return api;
}

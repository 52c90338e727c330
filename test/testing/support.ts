import { createMockCoachingBackend, type MockBackendOptions, type MockCoachingBackend, type MockSocketPeer } from "../../src/testing/index.js";

/** Calls the model directly, the way an adapter would. */
export function call(
  backend: MockCoachingBackend,
  method: "GET" | "POST",
  path: string,
  options: { body?: unknown; key?: string; token?: string | null } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? "test-token"}`;
  if (options.key) headers["idempotency-key"] = options.key;
  return backend.handle({ method, path, headers, body: options.body });
}

export function newBackend(options: MockBackendOptions = {}): MockCoachingBackend {
  return createMockCoachingBackend({ processingDelayMs: 20, ...options });
}

export async function startSession(backend: MockCoachingBackend): Promise<any> {
  const response = await call(backend, "POST", "/coaching/sessions", { body: {} });
  if (response.status !== 201) throw new Error(`start failed: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as any).session;
}

export function sendMessage(backend: MockCoachingBackend, sessionId: string, content: string, clientMessageId: string, key = clientMessageId) {
  return call(backend, "POST", `/coaching/sessions/${sessionId}/messages`, { body: { content, clientMessageId }, key });
}

/** A socket peer that records what the model sends and how it closes. */
export function fakePeer(options: { withTerminate?: boolean } = {}) {
  const sent: string[] = [];
  const closes: { code: number; reason: string }[] = [];
  let terminated = false;
  const peer: MockSocketPeer = {
    send: (text) => void sent.push(text),
    close: (code, reason) => void closes.push({ code, reason }),
  };
  if (options.withTerminate) peer.terminate = () => void (terminated = true);
  return {
    peer,
    sent,
    closes,
    frames: () => sent.map((text) => JSON.parse(text)),
    terminated: () => terminated,
  };
}

/** Polls a condition on real timers; bounded so a broken test fails instead of hanging. */
export async function waitFor<T>(read: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The msw package these tests run against: the `msw` devDependency in the usual run, an alias
 * (`msw3`, `msw-floor`) under `vitest.peers.config.ts`, which also sets `MSW_VERSION`.
 */
export const MSW_PACKAGE = process.env.MSW_PACKAGE ?? "msw";

/**
 * `listen()` options that fail on an unhandled call under msw 2 and msw 3 alike, for tests that
 * use msw's `setupServer` directly (msw 3 renamed `onUnhandledRequest` to `onUnhandledFrame`).
 */
export const failOnUnhandled = { onUnhandledRequest: "error", onUnhandledFrame: "error" } as const;

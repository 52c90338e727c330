import { delay, http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { vi } from "vitest";
import { createCoachingClient } from "../../src/api/index.js";
import { TimeoutError } from "../../src/errors/index.js";
import { silentLogger } from "../../src/shared/logger.js";
import { BASE, TOKEN, errorBody, session } from "./support/fixtures.js";
import { rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";

/**
 * The default timers read the globals lazily, so vitest's fake timers drive backoff and timeouts
 * without injecting anything. Faking only the timer functions and Date keeps msw's own machinery
 * (queueMicrotask, setImmediate) real.
 */
const server = useMockServer();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Polls on real macrotasks; `vi.waitFor` would advance the fake clock while it polls. */
async function until(condition: () => boolean) {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

const client = (options: { timeout?: number | false } = {}) =>
  createCoachingClient({ baseUrl: BASE, getToken: () => TOKEN, random: () => 0, logger: silentLogger, timeout: false, ...options });

describe("with vi.useFakeTimers and the default timers", () => {
  it("the second attempt waits exactly the backoff delay", async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/coaching/sessions/s1`, () =>
        ++requests === 1 ? HttpResponse.json(errorBody("UNAVAILABLE"), { status: 503 }) : HttpResponse.json({ session: session() }),
      ),
    );
    let settled = false;
    const call = client().api.getSession("s1").finally(() => (settled = true));
    await until(() => vi.getTimerCount() === 1);
    await vi.advanceTimersByTimeAsync(149);
    expect(requests).toBe(1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toMatchObject({ session: { id: "s1" } });
    expect(requests).toBe(2);
  });

  it("Retry-After: 2 holds the retry for two seconds of fake time", async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/coaching/sessions/s1`, () =>
        ++requests === 1
          ? HttpResponse.json(errorBody("RATE_LIMITED"), { status: 429, headers: { "retry-after": "2" } })
          : HttpResponse.json({ session: session() }),
      ),
    );
    const call = client().api.getSession("s1");
    await until(() => vi.getTimerCount() === 1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(requests).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toMatchObject({ session: { id: "s1" } });
  });

  it("the request timeout fires on fake time, with no real waiting", async () => {
    server.use(
      http.get(`${BASE}/coaching/sessions/s1`, async () => {
        await delay("infinite");
        return HttpResponse.json({ session: session() });
      }),
    );
    const call = rejectionOf(client({ timeout: 15_000 }).api.getSession("s1", { retry: 0 }));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await call).toBeInstanceOf(TimeoutError);
  });
});

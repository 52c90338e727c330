import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AbortedError, TimeoutError, isCoachingError } from "../../src/errors/index.js";
import { BASE, errorBody, session } from "./support/fixtures.js";
import { makeClient, rejectionOf } from "./support/client.js";
import { useMockServer } from "./support/server.js";
import { installFakeClock, until } from "./support/timers.js";

const server = useMockServer();

/** A handler that resolves `hit` when the request arrives, then answers `after` it. */
function slowSession(after: () => Promise<Response>) {
  let requests = 0;
  let arrived!: () => void;
  const hit = new Promise<void>((resolve) => (arrived = resolve));
  server.use(
    http.get(`${BASE}/coaching/sessions/s1`, async () => {
      requests++;
      arrived();
      return after();
    }),
  );
  return { hit, requests: () => requests };
}

/** A 200 whose headers arrive at once but whose body sends a fragment and then stalls. */
const stalledBody = () =>
  new HttpResponse(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"session":'));
      },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );

describe("AbortedError", () => {
  it("a signal aborted before the call sends nothing", async () => {
    const { requests } = slowSession(async () => HttpResponse.json({ session: session() }));
    const error = await rejectionOf(makeClient().api.getSession("s1", { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ code: "ABORTED", operation: "getSession", retryable: false });
    expect(requests()).toBe(0);
  });

  it("aborting while the request is in flight rejects at once, without retrying", async () => {
    const { hit, requests } = slowSession(async () => {
      await delay(5_000);
      return HttpResponse.json({ session: session() });
    });
    const controller = new AbortController();
    const call = makeClient().api.getSession("s1", { signal: controller.signal });
    await hit;
    controller.abort();
    const error = await rejectionOf(call);
    expect(error).toBeInstanceOf(AbortedError);
    expect(requests()).toBe(1);
  });

  it("aborting during a backoff wait rejects and clears the timer", async () => {
    const clock = installFakeClock({ auto: false });
    try {
      const { requests } = slowSession(async () => HttpResponse.json(errorBody("UNAVAILABLE"), { status: 503 }));
      const controller = new AbortController();
      const call = makeClient().api.getSession("s1", { signal: controller.signal });
      await until(() => clock.pending() === 1);
      controller.abort();
      const error = await rejectionOf(call);
      expect(error).toBeInstanceOf(AbortedError);
      expect(error).toMatchObject({ operation: "getSession" });
      expect(clock.pending()).toBe(0);
      expect(requests()).toBe(1);
    } finally {
      clock.uninstall();
    }
  });

  it("aborting while the body is still arriving is an AbortedError, not a ValidationError", async () => {
    const { hit } = slowSession(async () => stalledBody());
    const controller = new AbortController();
    const call = makeClient().api.getSession("s1", { signal: controller.signal });
    await hit;
    await delay(20);
    controller.abort();
    const error = await rejectionOf(call);
    expect(error).toBeInstanceOf(AbortedError);
  });

  it("aborting while getToken is still running sends nothing", async () => {
    const { requests } = slowSession(async () => HttpResponse.json({ session: session() }));
    const controller = new AbortController();
    let tokenAsked!: () => void;
    const asked = new Promise<void>((resolve) => (tokenAsked = resolve));
    const getToken = async () => {
      tokenAsked();
      await delay(30);
      return "t";
    };
    const call = makeClient({ getToken }).api.getSession("s1", { signal: controller.signal });
    await asked;
    controller.abort();
    const error = await rejectionOf(call);
    expect(error).toBeInstanceOf(AbortedError);
    expect(requests()).toBe(0);
  });

  it("aborting while a 401 refresh is running does not send the retry", async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/coaching/sessions/s1`, () => {
        requests++;
        return HttpResponse.json(errorBody("UNAUTHORIZED"), { status: 401 });
      }),
    );
    const controller = new AbortController();
    const getToken = async ({ forceRefresh }: { forceRefresh: boolean }) => {
      if (forceRefresh) {
        controller.abort();
        await delay(10);
      }
      return forceRefresh ? "new" : "old";
    };
    const error = await rejectionOf(makeClient({ getToken }).api.getSession("s1", { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(requests).toBe(1);
  });

  it("a custom abort reason still yields an AbortedError", async () => {
    const controller = new AbortController();
    controller.abort(new Error("component unmounted"));
    const error = await rejectionOf(makeClient().api.getJob("j1", { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortedError);
  });
});

describe("timeout", () => {
  it("covers a body that stalls after the headers arrived", async () => {
    slowSession(async () => stalledBody());
    const started = Date.now();
    const error = await rejectionOf(makeClient({ retry: 0, timeout: 50 }).api.getSession("s1"));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a body that stalls is a timeout ky retries: the next attempt's answer wins", async () => {
    let n = 0;
    const { requests } = slowSession(async () => (n++ === 0 ? stalledBody() : HttpResponse.json({ session: session() })));
    const result = await makeClient({ retry: { limit: 1, initialDelayMs: 1 }, timeout: 50 }).api.getSession("s1");
    expect(result.session.id).toBe("s1");
    expect(requests()).toBe(2);
  });

  it("a timed-out attempt is retried, then reported as TimeoutError", async () => {
    const { requests } = slowSession(async () => {
      await delay(2_000);
      return HttpResponse.json({ session: session() });
    });
    const error = await rejectionOf(
      makeClient({ retry: { limit: 2, initialDelayMs: 1 }, timeout: 30 }).api.getSession("s1"),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(requests()).toBe(3);
  });

  it("a slow first attempt then a fast one succeeds", async () => {
    let n = 0;
    slowSession(async () => {
      if (n++ === 0) await delay(2_000);
      return HttpResponse.json({ session: session() });
    });
    const result = await makeClient({ retry: { limit: 1, initialDelayMs: 1 }, timeout: 50 }).api.getSession("s1");
    expect(result.session.id).toBe("s1");
  });

  it("`timeout: false` waits as long as the server takes", async () => {
    slowSession(async () => {
      await delay(80);
      return HttpResponse.json({ session: session() });
    });
    await expect(makeClient({ timeout: false }).api.getSession("s1")).resolves.toMatchObject({ session: { id: "s1" } });
  });

  it("errors stay CoachingErrors when the timeout and an abort race", async () => {
    slowSession(async () => {
      await delay(2_000);
      return HttpResponse.json({ session: session() });
    });
    const error = await rejectionOf(
      makeClient({ retry: 0, timeout: 30 }).api.getSession("s1", { signal: AbortSignal.timeout(30) }),
    );
    expect(isCoachingError(error)).toBe(true);
  });
});

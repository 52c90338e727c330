// @vitest-environment happy-dom
import { act, cleanup, render, waitFor } from "@testing-library/react";
import { Activity, useState } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCoachingClient } from "../../src/api/create-coaching-client.js";
import { useCoachingSession, type UseCoachingSessionResult } from "../../src/react/index.js";
import { silentLogger } from "../../src/shared/logger.js";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { setupMockCoaching } from "../../src/testing/server/setup-mock-coaching.js";
import { createFakeEnvironment } from "../support/fake-environment.js";

// React 19's <Activity mode="hidden"> runs effect cleanups and keeps state; shown again, effects
// run anew. The session must come back running, with its transcript, and take commands.

const BASE_URL = "https://coach.test/v1";
const SOCKET_URL = "wss://coach.test/coaching";
const mock = setupMockCoaching({ baseUrl: BASE_URL, socketUrl: SOCKET_URL, processingDelayMs: 5 });
beforeAll(() => mock.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  cleanup();
  await new Promise((r) => setTimeout(r, 10));
  mock.reset();
});
afterAll(() => mock.close());

const tick = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 20)));

describe.each([
  ["StrictMode", true],
  ["no StrictMode", false],
])("useCoachingSession inside <Activity> (%s)", (_mode, reactStrictMode) => {
  it("survives hide and show: same session, transcript kept, commands work", async () => {
    const client = createCoachingClient({ baseUrl: BASE_URL, socketUrl: SOCKET_URL, getToken: () => "t", logger: silentLogger });
    const options = { storage: createMemoryStorage(), environment: createFakeEnvironment() };
    const latest: { current?: UseCoachingSessionResult } = {};
    let setMode: (mode: "visible" | "hidden") => void = () => {};
    function Coach() {
      latest.current = useCoachingSession(client, options);
      return null;
    }
    function Page() {
      const [mode, set] = useState<"visible" | "hidden">("visible");
      setMode = set;
      return (
        <Activity mode={mode}>
          <Coach />
        </Activity>
      );
    }
    render(<Page />, { reactStrictMode });
    await waitFor(() => expect(latest.current?.canSend).toBe(true));
    act(() => latest.current!.send("before hiding"));
    await waitFor(() => expect(latest.current!.messages.map((m) => m.role)).toEqual(["user", "coach"]));
    const sessionId = latest.current!.session!.id;

    act(() => setMode("hidden"));
    await tick();
    act(() => setMode("visible"));
    await waitFor(() => expect(latest.current!.actorRef.getSnapshot().status).toBe("active"));
    expect(latest.current!.session?.id).toBe(sessionId);
    expect(latest.current!.messages.map((m) => m.content)).toEqual(["before hiding", expect.any(String)]);

    act(() => latest.current!.send("after showing"));
    await waitFor(() => expect(latest.current!.messages.map((m) => m.role)).toEqual(["user", "coach", "user", "coach"]));
    // Still the one session: no second check or start, and one socket open.
    expect(mock.backend.requests.filter((r) => r.route === "startSession")).toHaveLength(1);
    await waitFor(() => expect(mock.backend.socketCount()).toBe(1));
  });
});

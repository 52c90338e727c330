// @vitest-environment happy-dom
import { act, cleanup, render, renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCoachingClient } from "../../src/api/create-coaching-client.js";
import { selectStatus } from "../../src/machine/selectors.js";
import { CoachingSessionProvider, useCoachingSelector, useCoachingSession, useCoachingSessionContext } from "../../src/react/index.js";
import { silentLogger } from "../../src/shared/logger.js";
import { createMemoryStorage } from "../../src/shared/storage.js";
import { setupMockCoaching } from "../../src/testing/server/setup-mock-coaching.js";
import { createFakeEnvironment } from "../support/fake-environment.js";

const BASE_URL = "https://coach.test/v1";
const SOCKET_URL = "wss://coach.test/coaching";
const mock = setupMockCoaching({ baseUrl: BASE_URL, socketUrl: SOCKET_URL, processingDelayMs: 5 });
beforeAll(() => mock.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  cleanup();
  // Deferred stops (StrictMode-safe unmount) run on the next tick.
  await new Promise((r) => setTimeout(r, 10));
  mock.reset();
});
afterAll(() => mock.close());

const makeClient = () => createCoachingClient({ baseUrl: BASE_URL, socketUrl: SOCKET_URL, getToken: () => "t", logger: silentLogger });
const sessionOptions = () => ({ storage: createMemoryStorage(), environment: createFakeEnvironment() });
const checks = () => mock.backend.requests.filter((r) => r.route === "getCurrentSession").length;

// testing-library's own StrictMode switch: a <StrictMode> wrapper component does not make React
// double-invoke effects here, and the mount-unmount-mount is exactly what these tests must see.
describe.each([
  ["StrictMode", true],
  ["no StrictMode", false],
])("useCoachingSession (%s)", (_mode, reactStrictMode) => {
  it("makes one session check and opens one socket per mounted hook", async () => {
    const client = makeClient();
    const options = sessionOptions();
    const { result } = renderHook(() => useCoachingSession(client, options), { reactStrictMode });
    await waitFor(() => expect(result.current.view).toBe("active"));
    await waitFor(() => expect(result.current.connection.status).toBe("live"));
    expect(checks()).toBe(1);
    expect(mock.backend.requests.filter((r) => r.route === "startSession")).toHaveLength(1);
    expect(mock.backend.socketCount()).toBe(1);
  });

  it("sends a message and shows the reply through the returned commands", async () => {
    const client = makeClient();
    const options = sessionOptions();
    const { result } = renderHook(() => useCoachingSession(client, options), { reactStrictMode });
    await waitFor(() => expect(result.current.canSend).toBe(true));
    act(() => result.current.send("Hello coach"));
    expect(result.current.messages[0]).toMatchObject({ role: "user", content: "Hello coach" });
    await waitFor(() => expect(result.current.messages.map((m) => m.role)).toEqual(["user", "coach"]));
    expect(result.current.isAwaitingReply).toBe(false);
    act(() => result.current.pause());
    await waitFor(() => expect(result.current.view).toBe("paused"));
    expect(result.current.canSend).toBe(false);
  });

  it("stops the actor and closes the socket on unmount", async () => {
    const client = makeClient();
    const options = sessionOptions();
    const { result, unmount } = renderHook(() => useCoachingSession(client, options), { reactStrictMode });
    await waitFor(() => expect(result.current.connection.status).toBe("live"));
    const actor = result.current.actorRef;
    unmount();
    await waitFor(() => expect(actor.getSnapshot().status).toBe("stopped"));
    await waitFor(() => expect(mock.backend.socketCount()).toBe(0));
  });

  it("re-renders a status-only component only when the status changes", async () => {
    const client = makeClient();
    let statusRenders = 0;
    let fullRenders = 0;
    function StatusBadge() {
      statusRenders++;
      return <span>{useCoachingSelector(selectStatus) ?? "none"}</span>;
    }
    const controls: { current?: ReturnType<typeof useCoachingSessionContext> } = {};
    function Everything() {
      fullRenders++;
      controls.current = useCoachingSessionContext();
      return null;
    }
    render(
      <CoachingSessionProvider client={client} options={sessionOptions()}>
        <StatusBadge />
        <Everything />
      </CoachingSessionProvider>,
      { reactStrictMode },
    );
    await waitFor(() => expect(controls.current?.connection.status).toBe("live"));
    const afterActive = statusRenders;
    const fullBefore = fullRenders;
    act(() => controls.current!.send("one"));
    await waitFor(() => expect(controls.current!.messages.map((m) => m.role)).toEqual(["user", "coach"]));
    mock.backend.faults.dropSockets();
    await waitFor(() => expect(controls.current!.connection.status).not.toBe("live"));
    await waitFor(() => expect(controls.current!.connection.status).toBe("live"));
    expect(fullRenders).toBeGreaterThan(fullBefore);
    expect(statusRenders).toBe(afterActive);
  });
});

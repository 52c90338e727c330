import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { createCoachingClient } from "../../src/api/create-coaching-client.js";
import { CoachingSessionProvider, useCoachingSelector, useCoachingSession } from "../../src/react/index.js";
import { selectView } from "../../src/machine/selectors.js";

// Runs in Node without a DOM: no window, no document, no storage, no WebSocket needed.
describe("server rendering", () => {
  it("renders the initial view without window and performs no request", () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe("undefined");
    const fetch = vi.fn<typeof globalThis.fetch>();
    const WebSocket = vi.fn();
    const client = createCoachingClient({ baseUrl: "https://api.test", socketUrl: "wss://ws.test", fetch, WebSocket: WebSocket as never });
    function Coach() {
      const coach = useCoachingSession(client);
      return <p>{`${coach.view}:${coach.messages.length}:${coach.canSend}`}</p>;
    }
    function View() {
      return <i>{useCoachingSelector(selectView)}</i>;
    }
    const html = renderToString(
      <>
        <Coach />
        <CoachingSessionProvider client={client}>
          <View />
        </CoachingSessionProvider>
      </>,
    );
    expect(html).toContain("checking:0:false");
    expect(html).toContain("<i>checking</i>");
    expect(fetch).not.toHaveBeenCalled();
    expect(WebSocket).not.toHaveBeenCalled();
  });
});

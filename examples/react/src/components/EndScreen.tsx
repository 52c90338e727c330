import { describeError } from "../format.js";
import type { Coach } from "../types.js";
import { ScreenLayout } from "./ScreenLayout.js";

type EndView = "cancelled" | "expired" | "abandoned" | "failed";

/** The ways a session ends without results, each with its way out. */
export function EndScreen({ coach, view, onRestart }: { coach: Coach; view: EndView; onRestart: () => void }) {
  const startNew = (label = "Start new session", run: () => void = () => coach.startNew()) => (
    <button type="button" className="button primary" onClick={run}>
      {label}
    </button>
  );
  switch (view) {
    case "cancelled":
      return (
        <ScreenLayout id="cancelled" title="Session ended" actions={startNew("Start a new session", onRestart)}>
          <p>You ended this session. Start a new one whenever you are ready.</p>
        </ScreenLayout>
      );
    case "expired":
      return (
        <ScreenLayout
          id="expired"
          tone="warning"
          title="This session has expired"
          actions={
            <>
              {startNew()}
              <button type="button" className="button secondary" onClick={() => coach.retry()}>
                Check again
              </button>
            </>
          }
        >
          <p>Sessions close after a long time without activity. Your next session starts fresh.</p>
        </ScreenLayout>
      );
    case "abandoned":
      return (
        <ScreenLayout
          id="abandoned"
          title="This session continues elsewhere"
          actions={
            <>
              <button type="button" className="button primary" onClick={() => coach.resume()}>
                Go to the new session
              </button>
              <button type="button" className="button secondary" onClick={() => coach.startNew()}>
                Start new session
              </button>
            </>
          }
        >
          <p>A new session was started in another tab or on another device, so this one was closed.</p>
        </ScreenLayout>
      );
    case "failed":
      return (
        <ScreenLayout
          id="failed"
          tone="danger"
          title="Something went wrong"
          actions={
            <>
              <button type="button" className="button primary" onClick={() => coach.retry()}>
                Try again
              </button>
              <button type="button" className="button secondary" onClick={() => coach.startNew()}>
                Start new session
              </button>
            </>
          }
        >
          <p role="alert">{describeError(coach.error) || "The coaching service could not be reached."}</p>
        </ScreenLayout>
      );
  }
}

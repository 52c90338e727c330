import { useState } from "react";
import type { CoachingClient } from "coaching-session-sdk";
import { useCoachingSession } from "coaching-session-sdk/react";
import { ChatScreen } from "./components/ChatScreen.js";
import { ChoosingScreen } from "./components/ChoosingScreen.js";
import { ConflictScreen } from "./components/ConflictScreen.js";
import { ConnectionBadge } from "./components/ConnectionBadge.js";
import { EndScreen } from "./components/EndScreen.js";
import { ResultsPanel } from "./components/ResultsPanel.js";
import { Progress } from "./components/ScreenLayout.js";
import type { Coach, SessionOptions } from "./types.js";

type View = Coach["view"];

/** Views that are the chat itself. */
const CHAT_VIEWS = new Set<View>(["active", "paused", "pausing", "cancelling"]);
/** Short calls that keep whatever screen was shown before them, rather than flashing a spinner. */
const IN_BETWEEN = new Set<View>(["resuming", "syncing", "pausing", "cancelling"]);

const PROGRESS: Partial<Record<View, string>> = {
  checking: "Checking for your session…",
  starting: "Starting a new session…",
  resuming: "Resuming your session…",
  syncing: "Loading your session…",
};

/** The example app: one session actor for the page; every end screen starts over with `startNew`. */
export function App({ client, sessionOptions }: { client: CoachingClient; sessionOptions?: SessionOptions }) {
  const coach = useCoachingSession(client, sessionOptions);
  const onRestart = coach.startNew;
  // The last screen that was not an in-between step ("adjusting state during render", as React documents it).
  const [settledView, setSettledView] = useState<View>(coach.view);
  if (!IN_BETWEEN.has(coach.view) && coach.view !== settledView) setSettledView(coach.view);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="9" />
            <path d="M9 11.5a3.5 3.5 0 0 1 3.5-3.5h7a3.5 3.5 0 0 1 3.5 3.5v5a3.5 3.5 0 0 1-3.5 3.5H15l-4.5 4v-4.2A3.5 3.5 0 0 1 9 16.5z" />
          </svg>
          <div>
            <h1>Coaching</h1>
            <p className="brand-sub">Your weekly check-in</p>
          </div>
        </div>
        {/* An ended session has released its socket: there is no connection to tell about. */}
        {!coach.isFinished && <ConnectionBadge connection={coach.connection} />}
      </header>
      <main className="app-main">{renderScreen(coach, settledView, onRestart)}</main>
    </div>
  );
}

function renderScreen(coach: Coach, settledView: View, onRestart: () => void) {
  const view = coach.view;
  if (CHAT_VIEWS.has(view) || (IN_BETWEEN.has(view) && CHAT_VIEWS.has(settledView))) return <ChatScreen coach={coach} />;
  switch (view) {
    case "conflict":
      return <ConflictScreen coach={coach} />;
    case "choosing":
      return <ChoosingScreen coach={coach} />;
    case "completed":
      return <ResultsPanel coach={coach} onRestart={onRestart} />;
    case "cancelled":
    case "expired":
    case "abandoned":
    case "failed":
      return <EndScreen coach={coach} view={view} onRestart={onRestart} />;
    default:
      return <Progress label={PROGRESS[view] ?? "Working…"} />;
  }
}

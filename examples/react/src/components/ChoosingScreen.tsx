import { describeError, timeAgo } from "../format.js";
import type { Coach } from "../types.js";
import { ScreenLayout } from "./ScreenLayout.js";

/** A session exists: resume it or start over. An ACTIVE session idle for long shows as paused. */
export function ChoosingScreen({ coach }: { coach: Coach }) {
  const paused = coach.status === "PAUSED" || coach.isIdle;
  const count = coach.messages.length;
  const last = coach.messages.at(-1);
  const lastActivity = coach.session?.lastActivityAt;
  return (
    <ScreenLayout
      id="choosing"
      title={paused ? "Your session is paused" : "Welcome back"}
      actions={
        <>
          <button type="button" className="button primary" onClick={() => coach.resume()}>
            Resume session
          </button>
          <button type="button" className="button secondary" onClick={() => coach.startNew()}>
            Start new session
          </button>
        </>
      }
    >
      <p>You have a coaching session in progress. Pick up where you left off, or start again.</p>
      <div className="session-card">
        <p className="session-meta">
          <span className={`pill ${paused ? "pill-paused" : "pill-active"}`}>{paused ? "Paused" : "In progress"}</span>
          <span>
            {count === 1 ? "1 message" : `${count} messages`}
            {lastActivity && ` · last active ${timeAgo(lastActivity)}`}
          </span>
        </p>
        {last && (
          <blockquote className="session-preview">
            <span className="visually-hidden">{last.role === "coach" ? "Your coach said:" : "You said:"}</span>
            {last.content}
          </blockquote>
        )}
      </div>
      {coach.error && (
        <p className="notice notice-danger" role="alert">
          {describeError(coach.error)}
        </p>
      )}
      <p className="hint">Starting a new session ends the one in progress.</p>
    </ScreenLayout>
  );
}

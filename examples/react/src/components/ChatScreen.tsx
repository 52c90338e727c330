import { useState } from "react";
import { describeError } from "../format.js";
import type { Coach } from "../types.js";
import { Composer } from "./Composer.js";
import { Transcript } from "./Transcript.js";

/** The conversation: controls, transcript with pending and failed states, and the message box. */
export function ChatScreen({ coach }: { coach: Coach }) {
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const [dismissed, setDismissed] = useState<unknown>(null);
  const paused = coach.view === "paused";
  const busy = coach.isBusy;
  // While the reply streams, its text shows in its own bubble instead of the indicator.
  const typing = coach.replyStatus === "sending" || coach.replyStatus === "awaiting";
  // A failed message shows its own error; everything else (a failed pause, say) gets a banner.
  const error = coach.error && coach.error !== dismissed && !coach.messages.some((m) => m.error === coach.error) ? coach.error : null;
  const statusText = coach.view === "pausing" ? "Pausing…" : coach.view === "cancelling" ? "Ending…" : coach.view === "resuming" ? "Resuming…" : paused ? "Paused" : "Active";

  return (
    <section className="chat" aria-labelledby="chat-title" data-screen="chat">
      <h2 id="chat-title" className="visually-hidden">
        Coaching conversation
      </h2>
      <div className="chat-bar">
        <p className="chat-status">
          <span className={`pill ${paused ? "pill-paused" : "pill-active"}`}>{statusText}</span>
        </p>
        {confirmingEnd ? (
          <div className="confirm" role="group" aria-label="Confirm ending the session">
            <span className="confirm-text">End this session?</span>
            <button type="button" className="button small danger" disabled={busy} onClick={() => coach.cancel()}>
              Yes, end it
            </button>
            <button type="button" className="button small ghost" onClick={() => setConfirmingEnd(false)} autoFocus>
              Keep going
            </button>
          </div>
        ) : (
          <div className="chat-actions">
            {/* While paused, the banner below holds the Resume button. */}
            {!paused && (
              <button type="button" className="button small" disabled={busy || coach.view !== "active"} onClick={() => coach.pause()}>
                Pause
              </button>
            )}
            <button type="button" className="button small ghost" disabled={busy} onClick={() => setConfirmingEnd(true)}>
              End session
            </button>
          </div>
        )}
      </div>

      {paused && (
        <div className="notice notice-paused" role="status">
          <span>Session paused. Nothing is sent until you resume.</span>
          <button type="button" className="button small primary" disabled={busy} onClick={() => coach.resume()}>
            Resume
          </button>
        </div>
      )}
      {error && (
        <div className="notice notice-danger" role="alert">
          <span>{describeError(error)}</span>
          <button type="button" className="button small ghost" onClick={() => setDismissed(error)}>
            Dismiss
          </button>
        </div>
      )}

      <Transcript messages={coach.messages} typing={typing} onRetry={(id) => coach.retry(id)} onDiscard={(id) => coach.discard(id)} />
      {(coach.replyStatus === "awaiting" || coach.replyStatus === "streaming") && (
        <div className="stop-row">
          {/* Disabled (not hidden) while a stop is on its way, so focus is not lost. */}
          <button type="button" className="button small" disabled={!coach.canStop} onClick={coach.stop}>
            Stop
          </button>
        </div>
      )}
      <Composer canSend={coach.canSend} paused={paused} onSend={coach.send} />
    </section>
  );
}

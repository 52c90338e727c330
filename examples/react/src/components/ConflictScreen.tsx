import { timeAgo } from "../format.js";
import type { Coach } from "../types.js";
import { ScreenLayout } from "./ScreenLayout.js";

/** Another user of the tenant holds a session: show the server's guidance and a way to re-check. */
export function ConflictScreen({ coach }: { coach: Coach }) {
  const conflict = coach.conflict;
  const who = conflict?.heldBy.displayName ?? "Someone else";
  return (
    <ScreenLayout
      id="conflict"
      tone="warning"
      title="Coaching is in use right now"
      actions={
        <button type="button" className="button primary" onClick={() => coach.retry()}>
          Try again
        </button>
      }
    >
      <p className="guidance" role="alert">
        {conflict?.guidance ?? "Another session is open on this account. Try again in a moment."}
      </p>
      {conflict && (
        <p className="hint">
          {who} started a session {timeAgo(conflict.since)}.
        </p>
      )}
    </ScreenLayout>
  );
}

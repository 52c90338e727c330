import type { Connection } from "../types.js";

const LABELS: Record<Connection["status"], string> = {
  live: "Live",
  polling: "Polling",
  offline: "Offline",
  connecting: "Connecting",
  idle: "Idle",
  closed: "Closed",
};

const HINTS: Record<Connection["status"], string> = {
  live: "Replies arrive in real time.",
  polling: "The live connection is down; replies are fetched every few seconds.",
  offline: "Your device is offline; replies arrive when it is back.",
  connecting: "Opening the live connection.",
  idle: "Not connected yet.",
  closed: "The connection is closed.",
};

/** How replies reach the page, announced politely when it changes. */
export function ConnectionBadge({ connection }: { connection: Connection }) {
  return (
    <p className="badge" data-status={connection.status} role="status" aria-live="polite" title={HINTS[connection.status]}>
      <span className="badge-dot" aria-hidden="true" />
      <span className="visually-hidden">Connection: </span>
      {LABELS[connection.status]}
    </p>
  );
}

import { clockTime, describeError } from "../format.js";
import type { ChatMessage } from "../types.js";

interface MessageActions {
  onRetry(clientMessageId: string): void;
  onDiscard(clientMessageId: string): void;
}

/** One transcript entry; a user message also shows where it is on its way to the coach. */
export function MessageBubble({ message, actions }: { message: ChatMessage; actions?: MessageActions | undefined }) {
  const mine = message.role === "user";
  const delivery = message.delivery;
  const id = message.clientMessageId;
  return (
    <li
      className={`message ${mine ? "from-user" : "from-coach"}${message.partial ? " streaming" : ""}`}
      data-delivery={delivery}
      data-role={message.role}
      data-partial={message.partial ? "true" : undefined}
      data-stopped={message.stopped ? "true" : undefined}
    >
      <div className="bubble">
        <span className="visually-hidden">{mine ? "You: " : "Coach: "}</span>
        {message.content}
        {message.partial && <span className="caret" aria-hidden="true" />}
      </div>
      <p className="message-meta">
        {delivery === "queued" && <span className="pending">Waiting to send…</span>}
        {delivery === "sending" && <span className="pending">Sending…</span>}
        {delivery === "failed" && <span className="failed-text">Not sent. {describeError(message.error)}</span>}
        {message.partial && <span className="pending">Writing…</span>}
        {message.stopped && <span className="pending">Stopped</span>}
        {!message.partial && (delivery === undefined || delivery === "accepted") && <time dateTime={message.createdAt}>{clockTime(message.createdAt)}</time>}
      </p>
      {delivery === "failed" && id && actions && (
        <div className="message-actions">
          <button type="button" className="button small" onClick={() => actions.onRetry(id)} aria-label={`Retry sending: ${preview(message.content)}`}>
            Retry
          </button>
          <button type="button" className="button small ghost" onClick={() => actions.onDiscard(id)} aria-label={`Discard: ${preview(message.content)}`}>
            Discard
          </button>
        </div>
      )}
    </li>
  );
}

const preview = (text: string) => (text.length > 40 ? `${text.slice(0, 37)}…` : text);

import { useLayoutEffect, useRef } from "react";
import type { ChatMessage } from "../types.js";
import { MessageBubble } from "./MessageBubble.js";

/** The conversation, newest at the bottom, kept scrolled to the end as it grows. */
export function Transcript({
  messages,
  typing = false,
  onRetry,
  onDiscard,
}: {
  messages: readonly ChatMessage[];
  typing?: boolean;
  onRetry?: (clientMessageId: string) => void;
  onDiscard?: (clientMessageId: string) => void;
}) {
  const end = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  useLayoutEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [messages.length, last?.delivery, typing]);

  const actions = onRetry && onDiscard ? { onRetry, onDiscard } : undefined;
  return (
    // Focusable so keyboard users can scroll it: its messages often hold nothing else to focus.
    <div className="transcript" role="region" aria-label="Conversation" tabIndex={0}>
      {messages.length === 0 ? (
        <div className="transcript-empty">
          <p className="lead">Your coach is ready.</p>
          <p>Tell them what you would like to work on this week. A few short answers are enough.</p>
        </div>
      ) : (
        // The live region wraps the list: a role on the <ol> itself would replace its list
        // semantics, leaving every <li> outside a list for assistive technology.
        <div role="log" aria-live="polite">
          <ol className="messages">
            {messages.map((message) => (
              <MessageBubble key={message.clientMessageId ?? message.id} message={message} actions={actions} />
            ))}
          </ol>
        </div>
      )}
      {typing && (
        <p className="typing" role="status">
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          Coach is typing…
        </p>
      )}
      <div ref={end} />
    </div>
  );
}

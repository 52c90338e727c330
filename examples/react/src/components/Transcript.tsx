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
  const streaming = last?.partial === true;
  useLayoutEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [messages.length, last?.delivery, last?.content, typing]);

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
        // semantics, leaving every <li> outside a list for assistive technology. While a reply is
        // being written the region is busy, so it is announced once, whole, not chunk by chunk.
        <div role="log" aria-live="polite" aria-busy={streaming}>
          <ol className="messages">
            {messages.map((message) => (
              // A reply keeps its key (its job) from its first chunk to its final text.
              <MessageBubble key={message.role === "user" ? (message.clientMessageId ?? message.id) : (message.jobId ?? message.id)} message={message} actions={actions} />
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

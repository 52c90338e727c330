import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";

const MAX_LENGTH = 4_000;

/** The message box: Enter sends, Shift+Enter adds a line. Focused whenever sending becomes possible. */
export function Composer({ canSend, paused, onSend }: { canSend: boolean; paused: boolean; onSend: (text: string) => void }) {
  const [text, setText] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  const inputId = useId();
  const countId = useId();

  useEffect(() => {
    if (canSend) input.current?.focus();
  }, [canSend]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const message = text.trim();
    if (!canSend || message === "") return;
    onSend(message);
    setText("");
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const left = MAX_LENGTH - text.length;
  return (
    <form className="composer" onSubmit={submit} aria-label="Send a message">
      <label htmlFor={inputId} className="visually-hidden">
        Message to your coach
      </label>
      <textarea
        id={inputId}
        ref={input}
        name="message"
        rows={1}
        maxLength={MAX_LENGTH}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={!canSend}
        placeholder={paused ? "Session paused" : "Write a message…"}
        aria-describedby={left < 200 ? countId : undefined}
        enterKeyHint="send"
      />
      <button type="submit" className="button primary send" disabled={!canSend || text.trim() === ""}>
        Send
      </button>
      {left < 200 && (
        <p id={countId} className="char-count" aria-live="polite">
          {left} characters left
        </p>
      )}
    </form>
  );
}

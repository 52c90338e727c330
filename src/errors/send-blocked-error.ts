import { CoachingError } from "./coaching-error.js";

export type SendBlockedReason = "paused" | "not-active" | "finished" | "empty" | "too-large" | "replaced";

/** `SEND` was refused locally: the session cannot take messages now. Nothing was sent. */
export class SendBlockedError extends CoachingError {
  override name = "SendBlockedError" as const;
  declare readonly code: "SEND_BLOCKED";
  declare readonly reason: SendBlockedReason;

  constructor(reason: SendBlockedReason) {
    const why: Record<SendBlockedReason, string> = {
      paused: "The session is paused; resume it to send messages",
      "not-active": "The session is not open for messages yet",
      finished: "The session has ended; start a new one to keep talking",
      empty: "The message is empty",
      "too-large": "The message is too long",
      replaced: "The message was not sent before a new session started; retry it to send it in this one, or discard it",
    };
    super("SEND_BLOCKED", why[reason], { operation: "machine" });
    this.reason = reason;
  }
}

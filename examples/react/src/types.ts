import type { useCoachingSession, UseCoachingSessionResult } from "coaching-session-sdk/react";

/** Everything the hook returns: state, derived flags and commands. */
export type Coach = UseCoachingSessionResult;
export type ChatMessage = Coach["messages"][number];
export type Connection = Coach["connection"];
export type SessionOptions = NonNullable<Parameters<typeof useCoachingSession>[1]>;

import { readJson, writeJson, type KeyValueStorage } from "../shared/storage.js";
import { localMessageId } from "./transcript.js";
import type { ChatMessage } from "./types.js";

interface StoredOutboxMessage {
  clientMessageId: string;
  content: string;
  createdAt: string;
}

/**
 * Keeps the user's unsent messages (queued or failed) across reloads, per session, so a typed
 * message is never lost. Messages come back as `queued`: the idempotency key (their client id)
 * makes a resend safe even if the first attempt did reach the server.
 */
export interface OutboxStore {
  load(sessionId: string): ChatMessage[];
  save(sessionId: string, unsent: readonly ChatMessage[]): void;
}

export function createOutboxStore(storage: KeyValueStorage, prefix: string): OutboxStore {
  const key = (sessionId: string) => `${prefix}:${sessionId}`;
  return {
    load(sessionId) {
      const stored = readJson(storage, key(sessionId));
      if (!Array.isArray(stored)) return [];
      return stored.filter(isStoredMessage).map((m) => ({
        id: localMessageId(m.clientMessageId),
        role: "user" as const,
        content: m.content,
        createdAt: m.createdAt,
        clientMessageId: m.clientMessageId,
        delivery: "queued" as const,
      }));
    },
    save(sessionId, unsent) {
      const stored: StoredOutboxMessage[] = unsent.map((m) => ({
        clientMessageId: m.clientMessageId!,
        content: m.content,
        createdAt: m.createdAt,
      }));
      writeJson(storage, key(sessionId), stored.length > 0 ? stored : undefined);
    },
  };
}

function isStoredMessage(value: unknown): value is StoredOutboxMessage {
  const m = value as StoredOutboxMessage;
  return typeof m === "object" && m !== null && typeof m.clientMessageId === "string" && typeof m.content === "string" && typeof m.createdAt === "string";
}

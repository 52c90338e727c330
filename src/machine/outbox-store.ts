import { isHeaderValue } from "../api/check-arguments.js";
import type { Logger } from "../shared/logger.js";
import { createPersistedEntries, storageKeyOf } from "../shared/persisted-entries.js";
import type { KeyValueStorage } from "../shared/storage.js";
import { localMessageId } from "./conversation.js";
import type { ChatMessage } from "./types.js";

interface StoredOutboxMessage {
  sessionId: string;
  clientMessageId: string;
  content: string;
  createdAt: string;
}

/** Longest client message id read back: ours are UUIDs; anything far longer is not ours. */
const MAX_ID_LENGTH = 200;

/**
 * Keeps the user's unsent messages (queued or failed) across reloads, so a typed message is never
 * lost. Messages come back as `queued`: the idempotency key (their client id) makes a resend safe
 * even if the first attempt did reach the server.
 */
export interface OutboxStore {
  load(sessionId: string): ChatMessage[];
  /** Writes what changed since this store last saw the session's outbox; other writers' entries stay. */
  sync(sessionId: string, outbox: readonly ChatMessage[]): void;
  forget(sessionId: string): void;
}

export function createOutboxStore(storage: KeyValueStorage, options: { userKey: string | undefined; maxMessageLength: number; logger: Logger }): OutboxStore {
  const entries = createPersistedEntries<StoredOutboxMessage>({
    storage,
    key: storageKeyOf("outbox", options.userKey),
    idOf: (m) => m.clientMessageId,
    parse: (raw) => parseStored(raw, options.maxMessageLength),
    logger: options.logger,
  });
  /** What this store last wrote or read, per session: a sync changes only the difference. */
  const seen = new Map<string, Set<string>>();

  return {
    load(sessionId) {
      const mine = entries.load().filter((m) => m.sessionId === sessionId);
      seen.set(sessionId, new Set(mine.map((m) => m.clientMessageId)));
      return mine.map((m) => ({
        id: localMessageId(m.clientMessageId),
        role: "user" as const,
        content: m.content,
        createdAt: m.createdAt,
        clientMessageId: m.clientMessageId,
        delivery: "queued" as const,
      }));
    },
    sync(sessionId, outbox) {
      const before = seen.get(sessionId) ?? new Set<string>();
      const now = new Set<string>();
      for (const m of outbox) {
        const clientMessageId = m.clientMessageId!;
        now.add(clientMessageId);
        if (!before.has(clientMessageId)) entries.put({ sessionId, clientMessageId, content: m.content, createdAt: m.createdAt });
      }
      entries.remove([...before].filter((id) => !now.has(id)));
      seen.set(sessionId, now);
    },
    forget(sessionId) {
      seen.delete(sessionId);
      entries.removeWhere((m) => m.sessionId === sessionId);
    },
  };
}

function parseStored(raw: unknown, maxMessageLength: number): StoredOutboxMessage | string {
  const m = (raw ?? {}) as Partial<Record<keyof StoredOutboxMessage, unknown>>;
  if (typeof m.sessionId !== "string" || m.sessionId === "") return "no session id";
  // The id goes out as an Idempotency-Key header: one fetch refuses would block the queue.
  if (typeof m.clientMessageId !== "string" || m.clientMessageId === "" || m.clientMessageId.length > MAX_ID_LENGTH || !isHeaderValue(m.clientMessageId)) {
    return "a client message id that is not a legal header value";
  }
  if (typeof m.content !== "string" || m.content.trim() === "" || m.content.length > maxMessageLength) return "no sendable content";
  if (typeof m.createdAt !== "string" || !Number.isFinite(Date.parse(m.createdAt))) return "no valid createdAt";
  return { sessionId: m.sessionId, clientMessageId: m.clientMessageId, content: m.content, createdAt: m.createdAt };
}

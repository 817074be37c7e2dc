import type { InteractionEvent } from '@sangdam/contracts';
import type { ChatLogSnapshot, PendingMessage } from './chat-log.ts';

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * What survives a reload, a move to another page of the shop, a second tab and a closed tab
 * (localStorage of the shop's origin, which only the widget writes under its key): the customer
 * token, how far the log got and the log itself, so the transcript shows at once and the sync
 * only asks for what came after `lastSeq`. An ended chat is not kept: the next visit starts fresh.
 * The token lives only here and in the socket's handshake, never in a URL.
 */
export interface SavedChat {
  token: string;
  interactionId: string;
  lastSeq: number;
  open: boolean;
  log: ChatLogSnapshot;
}

export function storageKey(entryPointId: string | null): string {
  return `sangdam-widget:${entryPointId ?? 'default'}`;
}

export function loadChat(storage: KeyValueStore, key: string): SavedChat | null {
  const raw = storage.getItem(key);
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSavedChat(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Saves the chat; if the transcript no longer fits, keeps the token and syncs it all again. */
export function saveChat(storage: KeyValueStore, key: string, chat: SavedChat): void {
  try {
    storage.setItem(key, JSON.stringify(chat));
  } catch {
    const light: SavedChat = {
      ...chat,
      lastSeq: 0,
      log: { events: [], pending: chat.log.pending },
    };
    try {
      storage.setItem(key, JSON.stringify(light));
    } catch {
      storage.removeItem(key);
    }
  }
}

export function clearChat(storage: KeyValueStore, key: string): void {
  storage.removeItem(key);
}

/** Web storage can be missing or throw (sandboxed frames, strict privacy modes). */
export function browserStore(getStorage: () => Storage): KeyValueStore {
  try {
    const storage = getStorage();
    storage.getItem('sangdam-widget:probe');
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return {
      getItem: (key) => memory.get(key) ?? null,
      setItem: (key, value) => void memory.set(key, value),
      removeItem: (key) => void memory.delete(key),
    };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isEvent(value: unknown): value is InteractionEvent {
  return isRecord(value) && typeof value.seq === 'number' && typeof value.type === 'string';
}

function isPending(value: unknown): value is PendingMessage {
  return (
    isRecord(value) &&
    typeof value.clientMessageId === 'string' &&
    typeof value.text === 'string' &&
    (value.status === 'sending' || value.status === 'failed')
  );
}

function isSavedChat(value: unknown): value is SavedChat {
  if (!isRecord(value) || !isRecord(value.log)) return false;
  const { events, pending } = value.log;
  return (
    typeof value.token === 'string' &&
    typeof value.interactionId === 'string' &&
    typeof value.lastSeq === 'number' &&
    typeof value.open === 'boolean' &&
    Array.isArray(events) &&
    events.every(isEvent) &&
    Array.isArray(pending) &&
    pending.every(isPending)
  );
}

import type { KeyValueStore } from './saved-chat.ts';

/** idempotencyKeySchema of the contracts, without bringing zod into the widget's bundle. */
const keyFormat = /^[A-Za-z0-9_-]{22,128}$/;

/**
 * The idempotency key of the chat start this tab is trying, kept until a start succeeds: a retry
 * after a lost answer (or a second click) sends the same key, and the server answers the chat
 * the first attempt started instead of starting another.
 */
export function pendingStartKey(storage: KeyValueStore, chatKey: string): string {
  const slot = `${chatKey}:start`;
  const kept = readItem(storage, slot);
  if (kept !== null && keyFormat.test(kept)) return kept;
  const key = newIdempotencyKey();
  try {
    storage.setItem(slot, key);
  } catch {
    // Storage full or refused: this attempt still carries the key.
  }
  return key;
}

/** The start succeeded: the next chat gets a key of its own. */
export function clearPendingStart(storage: KeyValueStore, chatKey: string): void {
  try {
    storage.removeItem(`${chatKey}:start`);
  } catch {
    // nothing kept
  }
}

/** 16 random bytes (128 bits) as base64url: 22 characters. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const binary = String.fromCharCode(...bytes);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function readItem(storage: KeyValueStore, slot: string): string | null {
  try {
    return storage.getItem(slot);
  } catch {
    return null;
  }
}

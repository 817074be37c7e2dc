import { idempotencyKeySchema } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { clearPendingStart, newIdempotencyKey, pendingStartKey } from './pending-start.ts';
import type { KeyValueStore } from './saved-chat.ts';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('the pending chat start’s idempotency key', () => {
  it('is 128 random bits the server accepts, different each time', () => {
    const keys = Array.from({ length: 50 }, newIdempotencyKey);
    for (const key of keys) expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
    expect(new Set(keys).size).toBe(50);
  });

  it('is reused by every retry until the start succeeds, then a new chat gets a new one', () => {
    const storage = memoryStore();
    const first = pendingStartKey(storage, 'sangdam-widget:default');
    expect(pendingStartKey(storage, 'sangdam-widget:default')).toBe(first);
    expect(pendingStartKey(storage, 'sangdam-widget:other-entry')).not.toBe(first);
    clearPendingStart(storage, 'sangdam-widget:default');
    expect(pendingStartKey(storage, 'sangdam-widget:default')).not.toBe(first);
  });

  it('replaces a kept value that is not a valid key', () => {
    const storage = memoryStore();
    storage.setItem('sangdam-widget:default:start', 'tampered');
    const key = pendingStartKey(storage, 'sangdam-widget:default');
    expect(key).not.toBe('tampered');
    expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
  });
});

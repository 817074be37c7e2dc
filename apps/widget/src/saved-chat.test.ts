import { describe, expect, it } from 'vitest';
import {
  clearChat,
  loadChat,
  saveChat,
  browserStore,
  storageKey,
  type KeyValueStore,
  type SavedChat,
} from './saved-chat.ts';

function memoryStore(quota = Infinity): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      if (value.length > quota) throw new Error('QuotaExceededError');
      data.set(key, value);
    },
    removeItem: (key) => void data.delete(key),
  };
}

const chat: SavedChat = {
  token: 'customer-token',
  interactionId: '00000000-0000-4000-8000-000000000001',
  lastSeq: 1,
  open: true,
  log: {
    events: [
      {
        type: 'queued',
        interactionId: '00000000-0000-4000-8000-000000000001',
        seq: 1,
        at: '2026-01-01T09:00:00.000Z',
        queue: { id: '00000000-0000-4000-8000-000000000002', name: 'Web', channel: 'chat' },
      },
    ],
    pending: [{ clientMessageId: 'cmid-0001', text: 'hello', status: 'sending', error: null }],
  },
};

describe('saved chat', () => {
  it('round-trips through storage under a key per entry point', () => {
    const store = memoryStore();
    const key = storageKey(null);
    saveChat(store, key, chat);
    expect(loadChat(store, key)).toEqual(chat);
    expect(loadChat(store, storageKey('other'))).toBeNull();
    clearChat(store, key);
    expect(loadChat(store, key)).toBeNull();
  });

  it('ignores what it cannot read', () => {
    const store = memoryStore();
    store.setItem('k', '{not json');
    expect(loadChat(store, 'k')).toBeNull();
    store.setItem('k', JSON.stringify({ token: 'x' }));
    expect(loadChat(store, 'k')).toBeNull();
  });

  it('keeps the token and drops the transcript when storage is full', () => {
    const store = memoryStore(400);
    saveChat(store, 'k', chat);
    expect(loadChat(store, 'k')).toMatchObject({
      token: 'customer-token',
      lastSeq: 0,
      log: { events: [], pending: chat.log.pending },
    });
  });

  it('falls back to memory when web storage throws', () => {
    const store = browserStore(() => {
      throw new Error('SecurityError');
    });
    saveChat(store, 'k', chat);
    expect(loadChat(store, 'k')).toEqual(chat);
  });
});

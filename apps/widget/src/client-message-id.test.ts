import { webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newClientMessageId } from './client-message-id.ts';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newClientMessageId', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is a fresh v4 UUID', () => {
    const ids = Array.from({ length: 200 }, newClientMessageId);
    for (const id of ids) expect(id).toMatch(uuidV4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('works on a page served over plain HTTP, where crypto.randomUUID does not exist', () => {
    // What a browser offers outside a secure context: getRandomValues only.
    vi.stubGlobal('crypto', { getRandomValues: webcrypto.getRandomValues.bind(webcrypto) });
    const ids = Array.from({ length: 200 }, newClientMessageId);
    for (const id of ids) expect(id).toMatch(uuidV4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

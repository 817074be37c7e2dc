import { insertAdminProfile, insertAdminQueue } from '@sangdam/store';
import { createTestDatabase, engines } from '@sangdam/store/test/test-databases.ts';
import { describe, expect, it } from 'vitest';
import { uniqueNameGuard } from './services/admin/rules.ts';

const profile = { mode: 'blended', chatCapacity: 1, emailCapacity: 1 } as const;

describe.each(engines)('admin writes that lose a race on %s', (engine) => {
  it('report a second default as a concurrent change and a duplicate name as taken', async () => {
    const open = await createTestDatabase(engine);
    try {
      await insertAdminProfile(open.db, { ...profile, name: 'First', isDefault: true });
      await expect(
        uniqueNameGuard('A multimedia profile', () =>
          insertAdminProfile(open.db, { ...profile, name: 'Second', isDefault: true }),
        ),
      ).rejects.toMatchObject({ code: 'STALE_VERSION' });

      const queue = {
        name: 'Twin',
        channel: 'chat',
        priority: 0,
        routingStrategy: 'circular',
        offerTimeoutSeconds: null,
      } as const;
      await insertAdminQueue(open.db, queue);
      await expect(
        uniqueNameGuard('A queue', () => insertAdminQueue(open.db, queue)),
      ).rejects.toMatchObject({
        code: 'NAME_TAKEN',
        message: 'A queue with this name already exists',
      });
    } finally {
      await open.close();
    }
  });
});

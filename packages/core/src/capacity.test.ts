import { describe, expect, it } from 'vitest';
import { hasFreeCapacity, type MultimediaProfile } from './capacity.ts';

const blended: MultimediaProfile = { mode: 'blended', capacity: { chat: 2, email: 1 } };
const exclusive: MultimediaProfile = { mode: 'exclusive', capacity: { chat: 5, email: 5 } };

describe('multimedia capacity', () => {
  it.each([
    [blended, { chat: 0, email: 0 }, 'chat', true],
    [blended, { chat: 1, email: 1 }, 'chat', true],
    [blended, { chat: 2, email: 0 }, 'chat', false],
    [blended, { chat: 2, email: 0 }, 'email', true],
    [blended, { chat: 0, email: 1 }, 'email', false],
    [exclusive, { chat: 0, email: 0 }, 'email', true],
    [exclusive, { chat: 1, email: 0 }, 'email', false],
    [exclusive, { chat: 1, email: 0 }, 'chat', false],
  ] as const)('profile %o with load %o takes another %s: %s', (profile, load, channel, free) => {
    expect(hasFreeCapacity(profile, load, channel)).toBe(free);
  });

  it('never offers a channel whose capacity is zero', () => {
    const chatOnly: MultimediaProfile = { mode: 'exclusive', capacity: { chat: 1, email: 0 } };
    expect(hasFreeCapacity(chatOnly, { chat: 0, email: 0 }, 'email')).toBe(false);
  });
});

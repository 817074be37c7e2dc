import { adminLimits } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import {
  validateProfile,
  validateQueue,
  validateReason,
  validateResponse,
  validateTeam,
  validateUser,
} from './validate.ts';

const queue = {
  name: 'Chat support',
  channel: 'chat',
  priority: 0,
  routingStrategy: 'circular',
  offerTimeoutSeconds: null,
} as const;

describe('admin form validation', () => {
  it('accepts a queue that uses its channel’s timeout', () => {
    expect(validateQueue(queue)).toEqual({});
  });

  it.each([
    [{ name: '   ' }, { name: { key: 'required' } }],
    [{ name: 'x'.repeat(adminLimits.nameMaxLength + 1) }, { name: { key: 'tooLong', max: 80 } }],
    [{ offerTimeoutSeconds: 4 }, { offerTimeoutSeconds: { key: 'range', min: 5, max: 600 } }],
    [{ offerTimeoutSeconds: '' }, { offerTimeoutSeconds: { key: 'range', min: 5, max: 600 } }],
    [{ priority: 11 }, { priority: { key: 'range', min: 0, max: 10 } }],
  ] as const)('rejects a queue with %o', (change, errors) => {
    expect(validateQueue({ ...queue, ...change })).toEqual(errors);
  });

  it('limits capacities to 0–5 and needs one channel above 0', () => {
    const profile = { name: 'P', mode: 'blended', isDefault: false } as const;
    expect(validateProfile({ ...profile, chatCapacity: 5, emailCapacity: 0 })).toEqual({});
    expect(validateProfile({ ...profile, chatCapacity: 6, emailCapacity: 1 })).toEqual({
      chatCapacity: { key: 'range', min: 0, max: 5 },
    });
    expect(validateProfile({ ...profile, chatCapacity: 0, emailCapacity: 0 })).toEqual({
      chatCapacity: { key: 'noCapacity' },
    });
  });

  it('needs a label and an order for a reason, and a name for a team', () => {
    expect(validateReason({ label: '', isDefault: false, sortOrder: -1 })).toEqual({
      label: { key: 'required' },
      sortOrder: { key: 'range', min: 0, max: 999 },
    });
    expect(validateTeam({ name: 'Night shift' })).toEqual({});
  });

  it.each([
    [{ email: 'sora@example.com', displayName: 'Sora' }, {}],
    [
      { email: '', displayName: ' ' },
      { email: { key: 'required' }, displayName: { key: 'required' } },
    ],
    [{ email: 'sora@', displayName: 'Sora' }, { email: { key: 'email' } }],
    [
      { email: `${'x'.repeat(250)}@example.com`, displayName: 'Sora' },
      { email: { key: 'tooLong', max: 254 } },
    ],
  ] as const)('checks a user %o', (form, errors) => {
    expect(validateUser(form)).toEqual(errors);
  });

  it('bounds a predefined response’s text by the chat message limit, counted in characters', () => {
    const response = { title: 'Greeting', text: 'Hello!', category: '' };
    expect(validateResponse(response)).toEqual({});
    expect(validateResponse({ ...response, text: '🙂'.repeat(1000) })).toEqual({});
    expect(validateResponse({ ...response, text: 'x'.repeat(1001) })).toEqual({
      text: { key: 'tooLong', max: 1000 },
    });
    expect(validateResponse({ title: ' ', text: '\n', category: 'c'.repeat(41) })).toEqual({
      title: { key: 'required' },
      text: { key: 'required' },
      category: { key: 'tooLong', max: 40 },
    });
  });
});

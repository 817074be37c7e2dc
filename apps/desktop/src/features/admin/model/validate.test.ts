import { adminLimits } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import {
  validateEntryPoint,
  type EntryPointForm,
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

describe('validateEntryPoint', () => {
  const base: EntryPointForm = {
    name: 'Shop',
    queueId: '00000000-0000-4000-8000-000000000001',
    nameField: 'required',
    emailField: 'optional',
    greeting: '',
    answers: [{ label: 'Refunds', keywords: ['refund', '환불'], text: '3 days' }],
    offerAgent: true,
    afterMisses: null,
  };
  const answer = (label: string, keywords: string[] = []) => ({ label, keywords, text: 'x' });

  it('accepts an assistant within every limit', () => {
    expect(validateEntryPoint(base)).toEqual({});
  });

  it.each([
    ['no way to an agent', { offerAgent: false }, 'handOver', { key: 'noWayOut' }],
    [
      '31 answers',
      { answers: Array.from({ length: 31 }, (_, i) => answer(`Q${i}`)) },
      'answers',
      { key: 'tooMany', max: 30 },
    ],
    [
      'the same question twice',
      { answers: [answer('환불'), answer(' 환불 ')] },
      'answers.1.label',
      { key: 'duplicateQuestion' },
    ],
    [
      '21 keywords',
      {
        answers: [
          answer(
            'Q',
            Array.from({ length: 21 }, (_, i) => `k${i}`),
          ),
        ],
      },
      'answers.0.keywords',
      { key: 'tooMany', max: 20 },
    ],
    [
      'a keyword of 41 characters',
      { answers: [answer('Q', ['가'.repeat(41)])] },
      'answers.0.keywords',
      { key: 'tooLong', max: 40 },
    ],
    [
      'an empty answer',
      { answers: [{ label: 'Q', keywords: [], text: ' ' }] },
      'answers.0.text',
      { key: 'required' },
    ],
    [
      'hand-over after 11 misses',
      { afterMisses: 11 },
      'afterMisses',
      { key: 'range', min: 1, max: 10 },
    ],
    ['no queue', { queueId: null }, 'queueId', { key: 'required' }],
  ])('shows %s before the server refuses it', (_, change, field, error) => {
    const errors = validateEntryPoint({ ...base, ...change });
    expect(errors).toMatchObject({ [field]: error });
  });
});

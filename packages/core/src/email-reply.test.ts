import { describe, expect, it } from 'vitest';
import {
  assertTemplateAllowed,
  checkCc,
  ownAddresses,
  renderTemplate,
  replyRecipients,
  type ReplyParent,
} from './email-reply.ts';

const isOurs = ownAddresses(['support@sangdam.local', 'billing@sangdam.local']);
const box = (address: string, name = '') => ({ address, name });

const parent: ReplyParent = {
  from: box('hana@example.com', 'Hana Kim'),
  replyTo: [],
  to: [box('Support@sangdam.local', 'Support'), box('minsu@example.com', 'Minsu')],
  cc: [box('billing+x@sangdam.local'), box('jisoo@example.com', 'Jisoo'), box('HANA@example.com')],
};

describe('reply recipients (R-EM-3)', () => {
  it('answers the sender only on reply and quick reply, with an empty CC', () => {
    for (const mode of ['quick', 'reply'] as const) {
      expect(replyRecipients(mode, parent, isOurs)).toEqual({
        to: [box('hana@example.com', 'Hana Kim')],
        cc: [],
      });
    }
  });

  it('answers the Reply-To the mail names instead of its From', () => {
    const named = { ...parent, replyTo: [box('orders@hana.example', 'Orders')] };
    expect(replyRecipients('reply', named, isOurs).to).toEqual([
      box('orders@hana.example', 'Orders'),
    ]);
  });

  it('starts reply all from the other recipients and the original CC, minus our own addresses', () => {
    expect(replyRecipients('replyAll', parent, isOurs)).toEqual({
      to: [box('hana@example.com', 'Hana Kim'), box('minsu@example.com', 'Minsu')],
      // billing+x@ is ours (a +tag is the same mailbox); hana@ is in To already.
      cc: ['jisoo@example.com'],
    });
  });
});

describe('CC of a reply', () => {
  const to = [box('hana@example.com')];

  it.each([
    ['not an address', ['hana']],
    ['a display name', ['Hana <hana@example.com>']],
    ['one of our own addresses', ['support+abc@sangdam.local']],
    ['too many', Array.from({ length: 21 }, (_, i) => `p${i}@example.com`)],
  ])('refuses %s with EMAIL_CC_INVALID', (_, cc) => {
    expect(() => checkCc(cc, to, isOurs)).toThrow(
      expect.objectContaining({ code: 'EMAIL_CC_INVALID' }),
    );
  });

  it('keeps each address once, lower-cased, and drops those already in To', () => {
    expect(
      checkCc(['Jisoo@Example.com', 'jisoo@example.com', 'HANA@example.com'], to, isOurs),
    ).toEqual(['jisoo@example.com']);
  });
});

describe('templates (R-EM-4)', () => {
  it('fills known variables, spaces inside the braces allowed, values escaped', () => {
    expect(
      renderTemplate('<p>Dear {{customer.name}}, I am {{ agent.name }}.</p>', {
        'customer.name': '<b>Kim & "Lee"</b>',
        'agent.name': '김상담',
      }),
    ).toBe('<p>Dear &lt;b&gt;Kim &amp; &quot;Lee&quot;&lt;/b&gt;, I am 김상담.</p>');
  });

  it('leaves unknown variables visible, and never reads inherited properties', () => {
    expect(
      renderTemplate('{{order.id}} {{constructor}} {{ customer.name', { 'customer.name': 'H' }),
    ).toBe('{{order.id}} {{constructor}} {{ customer.name');
  });

  it('is refused on a quick reply only', () => {
    expect(() => assertTemplateAllowed('quick', 'a')).toThrow(
      expect.objectContaining({ code: 'EMAIL_TEMPLATE_NOT_ALLOWED' }),
    );
    expect(() => assertTemplateAllowed('reply', 'a')).not.toThrow();
    expect(() => assertTemplateAllowed('quick', undefined)).not.toThrow();
  });
});

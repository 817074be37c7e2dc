import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpRelay } from '../../test/smtp-relay.ts';
import type { OutgoingMail } from '../types.ts';
import { demoMailboxTransport, readDemoMailbox } from './demo-mailbox.ts';
import { relayMessageIdOf, smtpRelayTransport } from './smtp-relay.ts';

const reply: OutgoingMail = {
  messageId: 'r-1.abc@sangdam.example',
  from: { address: 'support@example.com', name: 'Example Support' },
  to: [{ address: 'hana@example.com', name: '김하나' }],
  cc: [],
  bcc: [],
  replyTo: { address: 'support+k3v9x2m7q4p8@example.com', name: 'Example Support' },
  subject: 'Re: 주문 문의 [#k3v9x2m7q4p8]',
  text: '안녕하세요, 주문을 확인했습니다.',
  html: undefined,
  inReplyTo: 'CAF=first@mail.gmail.com',
  references: ['CAF=first@mail.gmail.com'],
  attachments: [],
};

describe('SMTP relay transport', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function transportTo(answers: number[]) {
    const relay = await startSmtpRelay(answers, { queuedAs: 'relay-42@relay.example' });
    const transport = smtpRelayTransport({ url: relay.url, timeoutMs: 5000 });
    closers.push(() => transport.close(), relay.close);
    const { received } = relay;
    return { transport, received };
  }

  it('sends with our Message-ID, In-Reply-To and References, and names the relay’s id', async () => {
    const { transport, received } = await transportTo([250]);
    const outcome = await transport.send(reply);
    expect(outcome).toMatchObject({ status: 'sent', relayMessageId: 'relay-42@relay.example' });
    expect(received).toHaveLength(1);
    const raw = received[0]!;
    expect(raw).toContain('Message-ID: <r-1.abc@sangdam.example>');
    expect(raw).toContain('In-Reply-To: <CAF=first@mail.gmail.com>');
    expect(raw).toContain('References: <CAF=first@mail.gmail.com>');
    expect(raw).toContain('Reply-To: Example Support <support+k3v9x2m7q4p8@example.com>');
  });

  it('names the Message-ID Amazon SES gives the mail from its 250', async () => {
    const sesId = '0100018c2d4e6f70-1a2b3c4d-5e6f-4a1b-9c8d-7e6f5a4b3c2d-000000';
    const relay = await startSmtpRelay([], { accepted: `Ok ${sesId}` });
    const transport = smtpRelayTransport({ url: relay.url, timeoutMs: 5000 });
    closers.push(() => transport.close(), relay.close);
    expect(await transport.send(reply)).toMatchObject({
      status: 'sent',
      relayMessageId: `${sesId}@email.amazonses.com`,
    });
  });

  it('asks to retry on 4xx and fails for good on 5xx', async () => {
    const { transport, received } = await transportTo([451, 550]);
    expect(await transport.send(reply)).toMatchObject({ status: 'retry' });
    const refused = await transport.send(reply);
    expect(refused.status).toBe('failed');
    expect(refused.response).toMatch(/550/);
    expect(received).toHaveLength(0);
  });

  it('asks to retry when the relay cannot be reached', async () => {
    const relay = await startSmtpRelay();
    await relay.close();
    const transport = smtpRelayTransport({ url: relay.url, timeoutMs: 2000 });
    closers.push(() => transport.close());
    expect(await transport.send(reply)).toMatchObject({ status: 'retry' });
  });
});

describe('demo mailbox transport', () => {
  it('writes each mail whole into its folder, readable in order', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sangdam-demo-mailbox-'));
    try {
      const transport = demoMailboxTransport(join(folder, 'out'));
      expect(await transport.send(reply)).toMatchObject({ status: 'sent' });
      expect(await transport.send({ ...reply, messageId: 'r-2@sangdam.example' })).toMatchObject({
        status: 'sent',
      });
      const mails = await readDemoMailbox(join(folder, 'out'));
      expect(mails).toHaveLength(2);
      expect(mails[0]!.raw.toString()).toContain('Message-ID: <r-1.abc@sangdam.example>');
      expect(mails[1]!.raw.toString()).toContain('Message-ID: <r-2@sangdam.example>');
      expect(await readDemoMailbox(join(folder, 'none'))).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('relayMessageIdOf', () => {
  const ours = 'r-1.abc@sangdam.example';
  const ses = '0102018c2d4e6f70-1a2b3c4d-5e6f-4a1b-9c8d-7e6f5a4b3c2d-000000';
  it.each([
    {
      relay: 'Amazon SES, us-east-1',
      host: 'email-smtp.us-east-1.amazonaws.com',
      response: `250 Ok ${ses}`,
      id: `${ses}@email.amazonses.com`,
    },
    {
      relay: 'Amazon SES, another region',
      host: 'email-smtp.eu-west-1.amazonaws.com',
      response: `250 Ok ${ses}`,
      id: `${ses}@eu-west-1.amazonses.com`,
    },
    {
      relay: 'Amazon SES, FIPS endpoint',
      host: 'email-smtp-fips.us-gov-west-1.amazonaws.com',
      response: `250 Ok ${ses.toUpperCase()}`,
      id: `${ses}@us-gov-west-1.amazonses.com`,
    },
    {
      relay: 'Amazon SES behind a smarthost of our own',
      host: 'mail.internal.example',
      response: `250 Ok ${ses}`,
      id: `${ses}@email.amazonses.com`,
    },
    {
      relay: 'a relay naming its own id',
      host: 'relay.example',
      response: '250 2.0.0 Ok queued as <relay-42@relay.example>',
      id: 'relay-42@relay.example',
    },
    {
      relay: 'Microsoft 365 (names ours)',
      host: 'smtp.office365.com',
      response: `250 2.6.0 <${ours}> [InternalId=123, Hostname=AB1PR01MB2345.eurprd01.prod.outlook.com] 1234 bytes in 0.120, 10.0 KB/sec Queued mail for delivery`,
      id: undefined,
    },
    {
      relay: 'Postfix (a queue id, not a Message-ID)',
      host: 'smtp.example',
      response: '250 2.0.0 Ok: queued as 4HkXyZ0abcz1',
      id: undefined,
    },
    {
      relay: 'Gmail',
      host: 'smtp.gmail.com',
      response:
        '250 2.0.0 OK  1701264000 d2-20020a05600c1c0200b0040b2c195523sm1234567wmq.1 - gsmtp',
      id: undefined,
    },
    {
      relay: 'SendGrid',
      host: 'smtp.sendgrid.net',
      response: '250 Ok: queued as pXyZ-abcDEF123_456',
      id: undefined,
    },
  ])('$relay', ({ host, response, id }) => {
    expect(relayMessageIdOf(response, ours, host)).toBe(id);
  });
});

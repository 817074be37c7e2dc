import type { ParsedMail } from '@sangdam/mail';
import { ingestMail } from '@sangdam/server/src/services/email/ingest.ts';
import { insertEmailAddress, recordImapSuccess } from '@sangdam/store';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAdminTab, shoot, signInAvailable, useJourney, useKorean } from './journey-setup.ts';
import { see } from './see.ts';

const mail = (subject: string): ParsedMail => ({
  messageId: `${crypto.randomUUID()}@mail.customer.example`,
  inReplyTo: [],
  references: [],
  from: { address: 'minji.park@example.com', name: 'Minji Park' },
  replyTo: [],
  to: [{ address: 'support@sangdam.local', name: '' }],
  cc: [],
  subject,
  date: new Date(),
  text: 'My parcel has not arrived.',
  html: undefined,
  attachments: [],
  kind: 'personal',
  reportsOn: undefined,
  size: 800,
});

async function openEmailAddresses(page: Page) {
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('admin-tab-emailAddresses').click();
  await see(page.getByTestId('admin-email-addresses')).toContainText('support@sangdam.local');
}

describe('the email channel in the desktop (issue 11)', () => {
  const journey = useJourney();

  it('offers an email with its icon, customer, address, queue and time since received', async () => {
    const agent = await signInAvailable(journey.browser, journey.url);
    await ingestMail(journey.sangdam.deps, mail('Where is my parcel?'), {
      kind: 'smtp',
      envelopeFrom: 'minji.park@example.com',
      recipients: ['support@sangdam.local'],
      remoteAddress: '127.0.0.1',
    });
    const card = agent.getByTestId('offer-card');
    await see(card).toHaveAttribute('data-channel', 'email');
    await see(card).toContainText('Minji Park');
    await see(card.getByTestId('offer-email')).toContainText('minji.park@example.com');
    await see(card).toContainText('Email support');
    // The timer counts from when the mail was received.
    await see(card.getByTestId('offer-timer')).toContainText('0:0');
    await shoot(agent, 'email-offer-en');
    await useKorean(agent);
    await shoot(agent, 'email-offer-ko');
  });

  it('lets an admin add an email address routed to an email queue', async () => {
    const admin = await signInAvailable(journey.browser, journey.url, 'admin@sangdam.local');
    await openEmailAddresses(admin);
    await admin.getByTestId('admin-add-email-address').click();
    const form = admin.getByTestId('admin-email-address-form');
    await admin.getByTestId('admin-email-address').fill('Sales@Example.com');
    await admin.getByTestId('admin-email-display-name').fill('Example Sales');
    await admin.getByTestId('admin-email-imap').click();
    await admin.getByTestId('admin-email-imap-host').fill('imap.example.com');
    await admin.getByTestId('admin-email-imap-user').fill('sales');
    await shoot(admin, 'email-address-form-en');
    // The mailbox needs a password the server can seal; without MAIL_SECRET_KEY it says so.
    await admin.getByTestId('admin-email-imap-password').fill('imap-secret');
    await admin.getByTestId('admin-save').click();
    await see(form).toContainText('MAIL_SECRET_KEY');
    await admin.getByTestId('admin-email-imap').click();
    await admin.getByTestId('admin-save').click();
    await see(form).toBeHidden();
    await see(admin.getByTestId('admin-email-addresses')).toContainText('sales@example.com');
    await see(admin.getByTestId('admin-email-addresses')).toContainText('Example Sales');
    await shoot(admin, 'email-addresses-en');
    await useKorean(admin);
    await see(admin.getByTestId('admin-tab-emailAddresses')).toContainText('이메일 주소');
    await shoot(admin, 'email-addresses-ko');
    await admin.getByTestId('admin-add-email-address').click();
    await admin.getByTestId('admin-email-imap').click();
    await shoot(admin, 'email-address-form-ko');
  });

  it('shows each IMAP mailbox with a status badge: its last read, or the problem in words', async () => {
    const db = journey.sangdam.database.db;
    const queue = await db
      .selectFrom('queues')
      .select('id')
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const mailbox = (user: string) => ({
      host: 'imap.shop.example',
      port: 993,
      tls: true,
      user,
      passwordSealed: 'sealed-under-a-key-this-server-lacks',
      folder: 'INBOX',
    });
    // This server has no MAIL_SECRET_KEY: its IMAP reader records that it cannot open either.
    const orders = await insertEmailAddress(db, {
      address: 'orders@shop.example',
      displayName: 'Shop orders',
      queueId: queue.id,
      imap: mailbox('orders'),
    });
    const returns = await insertEmailAddress(db, {
      address: 'returns@shop.example',
      displayName: 'Shop returns',
      queueId: queue.id,
      imap: mailbox('returns'),
    });
    const recorded = () =>
      db
        .selectFrom('imapMailboxStatus')
        .select('emailAddressId')
        .execute()
        .then((r) => r.length);
    await expect.poll(recorded, { timeout: 30_000 }).toBe(2);
    // Stands in for a read of `returns` after that problem (no IMAP server in browser tests).
    await recordImapSuccess(db, returns.id, new Date());

    const admin = await openAdminTab(journey.browser, journey.url, 'emailAddresses');
    const row = (address: string) =>
      admin.getByTestId('admin-email-address-row').filter({ hasText: address });
    await see(row('orders@shop.example').getByTestId('imap-problem')).toContainText(
      'MAIL_SECRET_KEY is not set on the server',
    );
    await see(row('orders@shop.example').getByTestId('imap-status')).toContainText('Failed ');
    await see(row('returns@shop.example').getByTestId('imap-status')).toContainText('Read ');
    await shoot(admin, 'email-addresses-imap-status-en');
    await useKorean(admin);
    await see(row('orders@shop.example').getByTestId('imap-problem')).toContainText(
      '서버에 MAIL_SECRET_KEY가 설정되지 않았습니다',
    );
    await shoot(admin, 'email-addresses-imap-status-ko');
    await db.deleteFrom('emailAddresses').where('id', 'in', [orders.id, returns.id]).execute();
  });
});

import type { MailTransport } from '@sangdam/mail';
import { addTeamQueues, insertQueue } from '@sangdam/store';
import { describe, expect, it } from 'vitest';
import { receiveMail } from './email-mail.ts';
import { shoot, signInAvailable, useJourney, useKorean } from './journey-setup.ts';
import { see } from './see.ts';

describe('an email handed on, and an earlier one read again (issue 12, R-EM-8, R-EM-9)', () => {
  const journey = useJourney();

  it('retries a refused reply, opens an earlier email with View email message, transfers an email to another email queue — agent 2 accepts it — and agent 1 wraps up', async () => {
    const { url, browser, sangdam } = journey;
    const db = sangdam.database.db;
    const billing = await insertQueue(db, {
      name: 'Billing email',
      channel: 'email',
      offerTimeoutSeconds: null,
    });
    const team = await db.selectFrom('teams').select('id').executeTakeFirstOrThrow();
    await addTeamQueues(db, team.id, [billing.id]);
    const from = { name: 'Hana Kim', address: 'hana.kim@example.com' };
    const one = await signInAvailable(browser, url);

    // The mail server refuses the first reply (a 5xx), as a real relay can.
    const transport = (sangdam.mailSender as unknown as { transport: MailTransport }).transport;
    const send = transport.send.bind(transport);
    let refuse = true;
    transport.send = (mail) => {
      if (!refuse) return send(mail);
      refuse = false;
      return Promise.resolve({ status: 'failed', response: '550 5.1.1 Mailbox unavailable' });
    };

    // An earlier email contact: answered — refused, sent again with Retry — and wrapped up.
    await receiveMail(sangdam, {
      from,
      subject: 'Invoice 7781 is wrong',
      text: 'The invoice counts two parcels.',
      html: '<p>The invoice counts <b>two</b> parcels.</p>',
    });
    await one.getByTestId('offer-accept').click();
    await one.getByTestId('quick-reply-input').fill('We will send a corrected invoice.');
    await one.getByTestId('quick-reply-send').click();
    const wrapUp = one.getByTestId('wrapup-dialog');
    await see(wrapUp).toBeVisible();
    await wrapUp.getByRole('button', { name: 'Later' }).click();
    const reply = one.locator('[data-testid="email-message"][data-direction="out"]');
    await see(reply.getByTestId('email-status')).toHaveAttribute('data-status', 'failed');
    await see(reply.getByTestId('email-failed-reply')).toContainText('refused');
    await shoot(one, 'email-retry-en');
    if (process.env.SCREENSHOTS) {
      await useKorean(one);
      await shoot(one, 'email-retry-ko');
      await one.getByTestId('language-switch').click();
      await one.getByTestId('language-en').click();
    }
    await reply.getByTestId('email-retry').click();
    await see(reply.getByTestId('email-status')).toHaveAttribute('data-status', 'sent');
    await see(reply.getByTestId('email-failed-reply')).toHaveCount(0);
    await one.getByTestId('open-wrapup').click();
    await wrapUp.locator('[data-reason-label="Billing"]').check();
    await one.getByTestId('wrapup-submit').click();
    await see(wrapUp).toBeHidden();

    // Her next mail: its contact history lists the earlier email; it opens read-only.
    await receiveMail(sangdam, {
      from,
      subject: 'Refund for the second parcel',
      text: 'Please refund the second parcel.',
    });
    await one.getByTestId('offer-accept').click();
    const area = one.getByTestId('email-area');
    await see(area.getByTestId('email-thread-subject')).toContainText('Refund for the second');
    await one.getByTestId('aux-tab-history').click();
    const row = one.getByTestId('history-row');
    await see(row).toHaveCount(1);
    await see(row.getByTestId('history-view-email')).toContainText('View email message');
    await row.click();
    const past = one.getByTestId('past-email');
    const mails = past.getByTestId('email-message');
    await see(mails).toHaveCount(2);
    await see(mails.last()).toContainText('We will send a corrected invoice.');
    // The past reply names the agent who wrote it, not the address's display name.
    await see(mails.last()).toContainText('Jiwoo Kim (agent)');
    await mails.first().getByTestId('email-message-toggle').click();
    const frame = mails.first().frameLocator('[data-testid="email-body-frame"]');
    await see(frame.locator('b')).toContainText('two');
    await shoot(one, 'history-view-email-en');
    await one.setViewportSize({ width: 1280, height: 720 });
    await shoot(one, 'history-view-email-en-1280');
    await one.setViewportSize({ width: 1440, height: 900 });

    // Agent 1 takes nothing more, so the email cannot come straight back to them.
    await one.getByTestId('state-selector').click();
    await one.locator('[data-testid^="state-idle-"]').first().click();
    await see(one.getByTestId('state-selector')).toHaveAttribute('data-state', 'idle');
    const two = await signInAvailable(browser, url, 'agent2@sangdam.local');

    // R-EM-9: queues only — every email queue, no chat queue, no agents.
    await one.getByTestId('open-transfer').click();
    const dialog = one.getByTestId('hand-over-dialog');
    const queues = dialog.getByTestId('hand-over-queue');
    await see(queues).toHaveCount(2);
    await see(dialog).toContainText('Billing email');
    await see(dialog).toContainText('Email support');
    expect(await dialog.innerText()).not.toContain('Chat support');
    await see(dialog.getByTestId('hand-over-tab-agent')).toHaveCount(0);
    await shoot(one, 'email-transfer-dialog-en');
    await dialog.getByTestId('hand-over-search').fill('billing');
    await see(queues).toHaveCount(1);
    await queues.click();
    await dialog.getByTestId('hand-over-submit').click();
    await see(wrapUp).toBeVisible();

    const offer = two.getByTestId('offer-card');
    await see(offer).toContainText('Billing email');
    await two.getByTestId('offer-accept').click();
    const theirs = two.getByTestId('email-area');
    await see(theirs.getByTestId('email-thread-subject')).toContainText('Refund for the second');
    await see(theirs.getByTestId('email-message')).toContainText('Please refund the second');
    await see(two.getByTestId('quick-reply-send')).toBeVisible();

    await wrapUp.locator('[data-reason-label="Billing"]').check();
    await one.getByTestId('wrapup-submit').click();
    await see(wrapUp).toBeHidden();
    await see(one.getByTestId('interaction-item')).toHaveCount(0);

    // The same screens in Korean, for people to look at.
    if (process.env.SCREENSHOTS) {
      await useKorean(two);
      await two.getByTestId('open-transfer').click();
      await shoot(two, 'email-transfer-dialog-ko');
      await two.keyboard.press('Escape');
      await two.getByTestId('aux-tab-history').click();
      await two.getByTestId('history-row').first().click();
      await see(two.getByTestId('past-email').getByTestId('email-message').first()).toBeVisible();
      await shoot(two, 'history-view-email-ko');
    }
  });
});

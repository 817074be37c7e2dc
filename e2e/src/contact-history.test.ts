import { insertCustomer, insertInteraction } from '@sangdam/store';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shoot, signInAvailable, useJourney, useKorean } from './journey-setup.ts';
import { see } from './see.ts';

/** The customer, in a browser of their own, starts a chat in the widget and writes `text`. */
async function customerWrites(
  journey: { url: string; browser: Browser },
  text: string,
  email = 'minji@example.com',
) {
  const page = await (
    await journey.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
  ).newPage();
  await page.goto(`${journey.url}/demo`);
  await page.getByTestId('widget-launcher').click();
  await page.getByTestId('prechat-name').fill('Min-ji Park');
  await page.getByTestId('prechat-email').fill(email);
  await page.getByTestId('prechat-start').click();
  const compose = page.getByTestId('compose-input');
  await compose.fill(text);
  await compose.press('Enter');
  return page;
}

/** The agent accepts the waiting chat, answers, ends it and wraps it up with `reason`. */
async function serveAndWrapUp(agent: Page, answer: string, reason: string) {
  await agent.getByTestId('offer-accept').click();
  const compose = agent.getByTestId('compose-input');
  await compose.fill(answer);
  await compose.press('Enter');
  await see(agent.getByTestId('message-list')).toContainText(answer);
  await agent.getByTestId('end-interaction').click();
  const dialog = agent.getByTestId('wrapup-dialog');
  await see(dialog).toBeVisible();
  await dialog.locator(`[data-reason-label="${reason}"]`).check();
  await agent.getByTestId('wrapup-submit').click();
  await see(dialog).toBeHidden();
  await see(agent.getByTestId('interaction-item')).toHaveCount(0);
}

describe('contact history in the auxiliary pane', () => {
  const journey = useJourney();

  it('shows a returning customer’s two earlier chats and opens one read-only', async () => {
    const agent = await signInAvailable(journey.browser, journey.url);
    const first = await customerWrites(journey, 'Where is my first parcel?');
    await see(agent.getByTestId('offer-accept')).toBeVisible();
    const receipt = Buffer.from('Receipt 1042: one parcel, paid.\n');
    // A file is taken once the widget knows the channel's attachment policy (its button shows).
    await see(first.getByTestId('compose-attach')).toBeVisible();
    await first
      .getByTestId('compose-file-input')
      .setInputFiles([{ name: 'receipt-1042.txt', mimeType: 'text/plain', buffer: receipt }]);
    await first.getByTestId('compose-send').click();
    await see(first.getByTestId('attachment-chip')).toHaveCount(0);
    await serveAndWrapUp(agent, 'It left the warehouse today.', 'Billing');
    await customerWrites(journey, 'I would like a refund.');
    await serveAndWrapUp(agent, 'The refund is on its way.', 'Follow-up needed');

    await customerWrites(journey, 'Hello again!');
    await agent.getByTestId('offer-accept').click();
    await see(agent.getByTestId('message-list')).toContainText('Hello again!');
    await agent.getByTestId('aux-tab-history').click();

    const rows = agent.getByTestId('history-row');
    await see(rows).toHaveCount(2);
    // Newest first: the refund chat, then the first one; each with queue, agent and reason.
    await see(rows.nth(0)).toContainText('Follow-up needed');
    await see(rows.nth(0)).toContainText('Chat support');
    await see(rows.nth(0)).toContainText('Jiwoo Kim');
    await see(rows.nth(1)).toContainText('Billing');
    expect(await rows.nth(0).innerText()).toMatch(/\d{2}:\d{2}/);
    await shoot(agent, 'contact-history-en');

    await rows.nth(1).click();
    const transcript = agent.getByTestId('past-transcript');
    await see(transcript).toContainText('Where is my first parcel?');
    await see(transcript).toContainText('It left the warehouse today.');
    await see(transcript).toContainText('read-only');
    await see(transcript.locator('textarea')).toHaveCount(0);
    // The customer's file of that chat downloads from the history.
    const [download] = await Promise.all([
      agent.waitForEvent('download'),
      transcript.getByTestId('attachment-link').click(),
    ]);
    expect(download.suggestedFilename()).toBe('receipt-1042.txt');
    expect((await readFile(await download.path())).equals(receipt)).toBe(true);
    await shoot(agent, 'contact-history-transcript-en');
    // The live conversation is untouched beside it.
    await see(agent.getByTestId('message-list')).toContainText('Hello again!');

    await agent.getByTestId('history-back').click();
    await see(rows).toHaveCount(2);

    await useKorean(agent);
    await see(agent.getByTestId('aux-tab-history')).toContainText('연락처 기록');
    await shoot(agent, 'contact-history-ko');
    await rows.nth(0).click();
    await see(transcript).toContainText('읽기 전용');
    await shoot(agent, 'contact-history-transcript-ko');
  });
});

describe('a long contact history', () => {
  // A Sangdam of its own: no agent of another test is Available to take the chat.
  const journey = useJourney();

  it('loads older contacts of a long history with Load more', async () => {
    const { db } = journey.sangdam.database;
    const queue = await db
      .selectFrom('queues')
      .select('id')
      .where('name', '=', 'Chat support')
      .executeTakeFirstOrThrow();
    for (let n = 0; n < 25; n++) {
      const customer = await insertCustomer(db, { name: 'Loyal', email: 'loyal@example.com' });
      const startedAt = new Date(Date.UTC(2026, 0, 1, 9, n));
      // The newest is an email still open in someone's hands; none waits for the router.
      const open = n === 24;
      const { id } = await insertInteraction(db, {
        channel: open || n % 5 === 0 ? 'email' : 'chat',
        customerId: customer.id,
        queueId: queue.id,
        entryPointId: null,
        customerTokenHash: null,
        enqueuedAt: startedAt,
      });
      await db
        .updateTable('interactions')
        .set({
          createdAt: startedAt,
          status: open ? 'active' : 'ended',
          endedAt: open ? null : new Date(startedAt.getTime() + (n + 1) * 61_000),
        })
        .where('id', '=', id)
        .execute();
    }
    const agent = await signInAvailable(journey.browser, journey.url, 'agent2@sangdam.local');
    await customerWrites(journey, 'It is me again', 'loyal@example.com');
    await agent.getByTestId('offer-accept').click();
    await agent.getByTestId('aux-tab-history').click();
    const rows = agent.getByTestId('history-row');
    await see(rows).toHaveCount(20);
    await see(rows.first().getByTestId('history-duration')).toContainText('Open');
    await agent.getByTestId('history-load-more').click();
    await see(rows).toHaveCount(25);
    await see(agent.getByTestId('history-load-more')).toHaveCount(0);
    await rows.last().scrollIntoViewIfNeeded();
    await shoot(agent, 'contact-history-load-more-en');
  });
});

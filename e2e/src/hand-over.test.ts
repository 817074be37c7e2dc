import { addTeamQueues, insertQueue } from '@sangdam/store';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { shoot, signInAvailable, useJourney, useKorean, type Journey } from './journey-setup.ts';
import { see } from './see.ts';

/** A customer starts a chat in the widget and writes a first line. */
async function customerChat(
  journey: Journey,
  name: string,
  email: string,
  line: string,
): Promise<Page> {
  const page = await (
    await journey.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
  ).newPage();
  await page.goto(`${journey.url}/demo`);
  await page.getByTestId('widget-launcher').click();
  await page.getByTestId('prechat-name').fill(name);
  await page.getByTestId('prechat-email').fill(email);
  await page.getByTestId('prechat-start').click();
  const compose = page.getByTestId('compose-input');
  await compose.fill(line);
  await compose.press('Enter');
  return page;
}

async function write(page: Page, text: string) {
  const compose = page.getByTestId('compose-input');
  await compose.fill(text);
  await compose.press('Enter');
  await see(page.getByTestId('message').filter({ hasText: text })).toHaveAttribute(
    'data-status',
    'sent',
  );
}

/** Agent 1 accepts the customer's chat; then agent 2 signs in, Available. */
async function agentsWithAChat(journey: Journey, customerName: string) {
  const { browser, url } = journey;
  const one = await signInAvailable(browser, url);
  const customer = await customerChat(
    journey,
    customerName,
    'hand@example.com',
    'I need billing help',
  );
  await see(one.getByTestId('offer-card')).toContainText(customerName);
  await one.getByTestId('offer-accept').click();
  await see(one.getByTestId('message-list')).toContainText('I need billing help');
  const two = await signInAvailable(browser, url, 'agent2@sangdam.local');
  return { one, two, customer };
}

describe('a transfer in the browser (R-CH-8)', () => {
  const journey = useJourney();

  it('lets agent 1 transfer a chat to agent 2, who accepts it and sees the transcript; agent 1 wraps up', async () => {
    const { one, two, customer } = await agentsWithAChat(journey, 'Transfer Customer');
    await one.getByTestId('open-transfer').click();
    const dialog = one.getByTestId('hand-over-dialog');
    await see(dialog).toBeVisible();
    await see(dialog.getByTestId('hand-over-queue')).toContainText('Chat support');
    await dialog.getByTestId('hand-over-tab-agent').click();
    await see(dialog.getByTestId('hand-over-agent')).toHaveCount(1);
    await shoot(one, 'transfer-dialog-en');
    // The same dialog in Korean, then the transfer from there.
    await one.keyboard.press('Escape');
    await see(dialog).toHaveCount(0);
    await useKorean(one);
    await one.getByTestId('open-transfer').click();
    await see(dialog).toContainText('전환 요청');
    await dialog.getByTestId('hand-over-tab-agent').click();
    await dialog.getByTestId('hand-over-search').fill('alex');
    const alex = dialog.getByTestId('hand-over-agent');
    await see(alex).toHaveCount(1);
    await see(alex.locator('[data-can-take="true"]')).toBeVisible();
    await alex.click();
    await shoot(one, 'transfer-dialog-ko');
    await dialog.getByTestId('hand-over-submit').click();
    await see(one.getByTestId('wrapup-dialog')).toBeVisible();

    const offer = two.getByTestId('offer-card');
    await see(offer.getByTestId('offer-kind')).toContainText('Transfer from Jiwoo Kim');
    await shoot(two, 'transfer-offer-en');
    await two.getByTestId('offer-accept').click();
    await see(two.getByTestId('message-list')).toContainText('I need billing help');
    await write(two, 'Billing here, I can help.');
    await see(customer.getByTestId('message-list')).toContainText('Billing here, I can help.');
    await see(customer.getByTestId('message-list')).toContainText('transferred');

    await one.getByTestId('wrapup-submit').click();
    await see(one.getByTestId('wrapup-dialog')).toBeHidden();
  });
});

describe('a conference in the browser (R-CH-10, R-CH-11)', () => {
  const journey = useJourney();

  it('holds a conference: agent 2 joins, both write, agent 2 leaves, the customer leaves and only agent 1 wraps up', async () => {
    const { one, two, customer } = await agentsWithAChat(journey, 'Conference Customer');
    await one.getByTestId('open-conference').click();
    const dialog = one.getByTestId('hand-over-dialog');
    await dialog.getByTestId('hand-over-agent').filter({ hasText: 'Alex Park' }).click();
    await shoot(one, 'conference-dialog-en');
    await one.keyboard.press('Escape');
    await see(dialog).toHaveCount(0);
    await useKorean(one);
    await one.getByTestId('open-conference').click();
    await see(dialog).toContainText('전화회의');
    await dialog.getByTestId('hand-over-agent').filter({ hasText: 'Alex Park' }).click();
    await shoot(one, 'conference-dialog-ko');
    await dialog.getByTestId('hand-over-submit').click();
    await see(one.getByTestId('conference-state')).toHaveAttribute('data-state', 'requested');
    await shoot(one, 'conference-requested-ko');

    const offer = two.getByTestId('offer-card');
    await see(offer.getByTestId('offer-kind')).toContainText(
      'Conference invitation from Jiwoo Kim',
    );
    await two.getByTestId('offer-accept').click();
    await see(one.getByTestId('conference-state')).toHaveAttribute('data-state', 'active');
    await shoot(two, 'conference-guest-en');
    await see(two.getByTestId('message-list')).toContainText('I need billing help');

    await write(one, 'My colleague Alex joins us.');
    await write(two, 'Hello, Alex from billing.');
    await shoot(one, 'conference-active-ko');
    const seen = customer.getByTestId('message-list');
    await see(seen).toContainText('Alex Park joined');
    await see(seen).toContainText('Hello, Alex from billing.');
    await see(two.getByTestId('message-list')).toContainText('My colleague Alex joins us.');

    // Agent 2 leaves; the chat goes on between agent 1 and the customer.
    await see(two.getByTestId('end-interaction')).toHaveCount(0);
    await two.getByTestId('end-conference').click();
    await see(two.getByTestId('compose-input')).toHaveCount(0);
    await see(one.getByTestId('conference-state')).toHaveCount(0);
    await write(one, 'Anything else?');
    await see(seen).toContainText('Anything else?');

    // The customer leaves: agent 1 owes the wrap-up, agent 2 has nothing to do.
    await customer.getByTestId('leave-chat').click();
    await customer.getByTestId('leave-confirm').click();
    await see(one.getByTestId('wrapup-dialog')).toBeVisible();
    await see(two.getByTestId('wrapup-dialog')).toHaveCount(0);
  });
});

describe('a transfer nobody accepts, in the browser (R-CH-9)', () => {
  const journey = useJourney();

  it('drops the chat: the customer is told, the agent who did not answer goes RONA, agent 1 wraps up', async () => {
    await journey.sangdam.database.db
      .updateTable('channelSettings')
      .set({ offerTimeoutSeconds: 5 })
      .where('channel', '=', 'chat')
      .execute();
    const { one, two, customer } = await agentsWithAChat(journey, 'Dropped Customer');
    await one.getByTestId('open-transfer').click();
    const dialog = one.getByTestId('hand-over-dialog');
    await dialog.getByTestId('hand-over-tab-agent').click();
    await dialog.getByTestId('hand-over-agent').filter({ hasText: 'Alex Park' }).click();
    await dialog.getByTestId('hand-over-submit').click();
    await see(one.getByTestId('wrapup-dialog')).toBeVisible();
    await see(two.getByTestId('offer-card')).toBeVisible();
    // Agent 2 lets the offer run out.
    await see(two.getByTestId('rona-banner')).toBeVisible();
    await see(customer.getByTestId('message-list')).toContainText(
      'the agent it was transferred to could not take it',
    );
    await see(customer.getByTestId('chat-ended')).toBeVisible();
  });
});

describe('a transfer to another queue, in the browser (R-CH-8)', () => {
  const journey = useJourney();

  it('reaches an agent of that queue, who serves the customer', async () => {
    const db = journey.sangdam.database.db;
    const billing = await insertQueue(db, {
      name: 'Billing chat',
      channel: 'chat',
      offerTimeoutSeconds: null,
    });
    const team = await db.selectFrom('teams').select('id').executeTakeFirstOrThrow();
    await addTeamQueues(db, team.id, [billing.id]);
    const { one, two, customer } = await agentsWithAChat(journey, 'Queue Customer');
    // Agent 1 takes nothing more, so the chat cannot come straight back to them.
    await one.getByTestId('state-selector').click();
    await one.locator('[data-testid^="state-idle-"]').first().click();
    await see(one.getByTestId('state-selector')).toHaveAttribute('data-state', 'idle');

    await one.getByTestId('open-transfer').click();
    const dialog = one.getByTestId('hand-over-dialog');
    await dialog.getByTestId('hand-over-search').fill('billing');
    await see(dialog.getByTestId('hand-over-queue')).toHaveCount(1);
    await dialog.getByTestId('hand-over-queue').click();
    await dialog.getByTestId('hand-over-submit').click();
    await see(one.getByTestId('wrapup-dialog')).toBeVisible();

    const offer = two.getByTestId('offer-card');
    await see(offer).toContainText('Billing chat');
    await two.getByTestId('offer-accept').click();
    await write(two, 'Billing chat here.');
    await see(customer.getByTestId('message-list')).toContainText('Billing chat here.');
  });
});

import { sendMessage } from '@sangdam/server/src/services/chat/chat.ts';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { see } from './see.ts';
import { signInAvailable, useJourney } from './journey-setup.ts';

describe('the chat journey in two browsers: customer widget and agent desktop', () => {
  const journey = useJourney();

  it('lets a customer chat with an agent who ends it and submits a wrap-up', async () => {
    const { sangdam, url, browser } = journey;
    const agentPage = await signInAvailable(browser, url);

    const customerPage = await (
      await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
    ).newPage();
    await customerPage.goto(`${url}/demo`);
    await customerPage.getByTestId('widget-launcher').click();
    await customerPage.getByTestId('prechat-name').fill('Hana Customer');
    await customerPage.getByTestId('prechat-email').fill('hana@example.com');
    await customerPage.getByTestId('prechat-start').click();
    const customerCompose = customerPage.getByTestId('compose-input');
    await customerCompose.fill('Hello, my order has not arrived');
    await customerCompose.press('Enter');

    // R-AV-3: the offer shows who, where from, and a live timer; Accept opens the chat.
    const offer = agentPage.getByTestId('offer-card');
    await see(offer).toContainText('Hana Customer');
    await see(offer).toContainText('hana@example.com');
    await see(offer).toContainText('Chat support');
    await agentPage.getByTestId('offer-accept').click();
    const agentMessages = agentPage.getByTestId('message-list');
    await see(agentMessages).toContainText('Hello, my order has not arrived');
    await see(agentPage.getByTestId('customer-details')).toContainText('hana@example.com');

    const agentCompose = agentPage.getByTestId('compose-input');
    await agentCompose.fill('Let me check that for you.');
    await agentCompose.press('Enter');
    const customerMessages = customerPage.getByTestId('message-list');
    await see(customerMessages).toContainText('Let me check that for you.');
    await see(customerMessages).toContainText('Jiwoo Kim');

    // A reply stored on a node that died before pushing it: the widget fetches it when the
    // customer comes back to the page (and at the latest on its periodic catch-up).
    const { id: interactionId } = await sangdam.database.db
      .selectFrom('interactions')
      .select('id')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const agent = await sangdam.database.db
      .selectFrom('users')
      .select(['id', 'displayName'])
      .where('email', '=', 'agent1@sangdam.local')
      .executeTakeFirstOrThrow();
    const pushesLost = {
      ...sangdam.deps,
      publisher: {
        publish: () => Promise.resolve(),
        publishWith: () => Promise.resolve(() => undefined),
      },
    };
    await sendMessage(
      pushesLost,
      { kind: 'agent', userId: agent.id, displayName: agent.displayName },
      { interactionId, clientMessageId: randomUUID(), text: 'It left our warehouse today.' },
    );
    await customerPage.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await see(customerMessages).toContainText('It left our warehouse today.');

    // R-PCI-2a: a card number is masked for both sides and the sender is told.
    await customerCompose.fill('Card 4242 4242 4242 4242 please');
    await customerCompose.press('Enter');
    await see(agentMessages).toContainText('Card **** **** **** 4242 please');
    await see(agentPage.getByTestId('message-redacted')).toBeVisible();
    await see(customerMessages).toContainText('Card **** **** **** 4242 please');
    await see(customerMessages).toContainText('Card or personal data was removed');
    expect(await customerMessages.innerText()).not.toContain('4242 4242');

    // The 1000-character limit shows before the agent hits it.
    await agentCompose.fill('x'.repeat(1001));
    await see(agentPage.getByTestId('compose-counter')).toContainText('1001 / 1000');
    await see(agentPage.getByTestId('compose-send')).toBeDisabled();
    await agentCompose.fill('');

    // R-CH-12 and R-WU-1: the agent ends; the customer sees it; wrap-up with two reasons.
    await agentPage.getByTestId('end-interaction').click();
    await see(customerPage.getByTestId('chat-ended')).toBeVisible();
    await see(customerMessages).toContainText('Jiwoo Kim left');
    const dialog = agentPage.getByTestId('wrapup-dialog');
    await see(dialog).toBeVisible();
    await agentPage.getByTestId('wrapup-search').fill('bill');
    await see(dialog.getByTestId('wrapup-reason')).toHaveCount(1);
    await dialog.locator('[data-reason-label="Billing"]').check();
    await agentPage.getByTestId('wrapup-search').fill('');
    await dialog.locator('[data-reason-label="Follow-up needed"]').check();
    await agentPage.getByTestId('wrapup-submit').click();
    await see(dialog).toBeHidden();
    await see(agentPage.getByTestId('interaction-item')).toHaveCount(0);

    const labels = await sangdam.database.db
      .selectFrom('wrapUpSelections as s')
      .innerJoin('wrapUpReasons as r', 'r.id', 's.reasonId')
      .select('r.label')
      .execute();
    expect(labels.map((l) => l.label)).toEqual(
      expect.arrayContaining(['Billing', 'Follow-up needed']),
    );
  });
});

import type { StartChatResponse } from '@sangdam/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInAvailable, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

describe('an offer nobody accepts (R-AV-4, R-AV-5)', () => {
  const journey = useJourney();
  beforeAll(async () => {
    // The shortest offer time the schema allows, so the offer runs out during the test.
    await journey.sangdam.database.db
      .updateTable('queues')
      .set({ offerTimeoutSeconds: 5 })
      .where('name', '=', 'Chat support')
      .execute();
  });

  const interaction = (id: string) =>
    journey.sangdam.database.db
      .selectFrom('interactions')
      .select(['status', 'enqueuedAt'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  const startChat = async (name: string, email: string) => {
    const response = await fetch(`${journey.url}/api/v1/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email }),
    });
    return (await response.json()) as StartChatResponse;
  };

  it('returns the chat to its queue, puts the agent in RONA until they choose Available, then offers it again', async () => {
    const { sangdam, url, browser } = journey;
    const page = await signInAvailable(browser, url);
    const selector = page.getByTestId('state-selector');

    // A chat the agent is already working: RONA must not take it from them.
    await startChat('Open Customer', 'open@example.com');
    await page.getByTestId('offer-accept').click();
    await see(page.getByTestId('customer-details')).toContainText('open@example.com');

    const chat = await startChat('Mirae Customer', 'mirae@example.com');
    const enqueuedAt = (await interaction(chat.interactionId)).enqueuedAt;

    // The offer shows with its live timer; the agent lets it run out.
    const offer = page.getByTestId('offer-card');
    await see(offer).toContainText('Mirae Customer');
    const timer = page.getByTestId('offer-timer');
    await see(timer).toBeVisible();
    const shown = await timer.innerText();
    expect(shown).toMatch(/\d+:\d{2}/);
    await expect.poll(() => timer.innerText(), { timeout: 5_000 }).not.toBe(shown);
    await see(offer).toBeHidden();
    const rona = page.getByTestId('rona-banner');
    await see(rona).toBeVisible();
    await see(selector).toHaveAttribute('data-state', 'rona');

    // A banner, not a modal: the open chat stays workable while in RONA.
    const compose = page.getByTestId('compose-input');
    await compose.click({ timeout: 2_000 });
    await compose.fill('Still here for you');
    await compose.press('Enter');
    const reply = page.getByTestId('message').filter({ hasText: 'Still here for you' });
    await see(reply).toHaveAttribute('data-status', 'sent');
    await see(selector).toHaveAttribute('data-state', 'rona');

    // Back in the queue at its old place, and a full routing pass offers it to nobody.
    sangdam.router.request();
    await sangdam.router.idle();
    expect(await interaction(chat.interactionId)).toEqual({ status: 'queued', enqueuedAt });
    await see(page.getByTestId('offer-card')).toHaveCount(0);

    await page.getByTestId('rona-available').click();
    await see(rona).toBeHidden();
    await see(selector).toHaveAttribute('data-state', 'available');
    await see(offer).toContainText('Mirae Customer');
    await page.getByTestId('offer-accept').click();
    await see(page.getByTestId('customer-details')).toContainText('mirae@example.com');
    expect((await interaction(chat.interactionId)).status).toBe('active');
  });
});

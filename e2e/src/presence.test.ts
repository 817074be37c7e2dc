import type { SessionResponse } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { signInAvailable, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

describe('a chat that outlives its tab, and configuration that reaches an open desktop', () => {
  const journey = useJourney();

  /** An admin adds a wrap-up reason over the API, as the admin screen does. */
  async function addWrapUpReason(label: string) {
    const { url } = journey;
    const login = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@sangdam.local', password: 'sangdam-demo' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as SessionResponse;
    const created = await fetch(`${url}/api/v1/admin/reasons/wrap-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ label, isDefault: false, sortOrder: 0 }),
    });
    expect(created.status).toBe(201);
  }

  it('keeps the customer’s chat across a reload and a new tab, shows the agent whether they are there, and starts fresh once it ended', async () => {
    const { url, browser } = journey;
    const agentPage = await signInAvailable(browser, url);
    const customer = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 800 },
    });
    const firstTab = await customer.newPage();
    await firstTab.goto(`${url}/demo`);
    await firstTab.getByTestId('widget-launcher').click();
    await firstTab.getByTestId('prechat-name').fill('Hana Customer');
    await firstTab.getByTestId('prechat-email').fill('hana@example.com');
    await firstTab.getByTestId('prechat-start').click();
    await firstTab.getByTestId('compose-input').fill('Hello, my order has not arrived');
    await firstTab.getByTestId('compose-input').press('Enter');

    await agentPage.getByTestId('offer-accept').click();
    const connection = agentPage.getByTestId('customer-connection');
    await see(connection).toHaveAttribute('data-connected', 'true');
    await expect.poll(() => connection.textContent()).toBe('Customer online');
    await agentPage.getByTestId('compose-input').fill('Let me check that for you.');
    await agentPage.getByTestId('compose-input').press('Enter');
    await see(firstTab.getByTestId('message-list')).toContainText('Let me check that for you.');

    // A reload: the same chat, its whole transcript, no pre-chat form.
    await firstTab.reload();
    await see(firstTab.getByTestId('message-list')).toContainText('Let me check that for you.');
    await see(firstTab.getByTestId('prechat-start')).toHaveCount(0);
    expect(firstTab.url()).toBe(`${url}/demo`);

    // The customer closes the tab: the agent sees them away; the agent writes meanwhile.
    await firstTab.close();
    await see(connection).toHaveAttribute('data-connected', 'false');
    await expect.poll(() => connection.textContent()).toBe('Customer away');
    await agentPage.getByTestId('compose-input').fill('It ships tomorrow.');
    await agentPage.getByTestId('compose-input').press('Enter');

    // A new tab of the same browser carries on the same chat and shows the reply.
    const secondTab = await customer.newPage();
    await secondTab.goto(`${url}/demo`);
    const messages = secondTab.getByTestId('message-list');
    await see(messages).toContainText('Hello, my order has not arrived');
    await see(messages).toContainText('It ships tomorrow.');
    await see(connection).toHaveAttribute('data-connected', 'true');
    // A second tab open beside it writes into the same chat.
    const thirdTab = await customer.newPage();
    await thirdTab.goto(`${url}/demo`);
    await thirdTab.getByTestId('compose-input').fill('Thank you!');
    await thirdTab.getByTestId('compose-input').press('Enter');
    await see(agentPage.getByTestId('message-list')).toContainText('Thank you!');
    await see(messages).toContainText('Thank you!');

    // The agent ends the chat; the wrap-up dialog is open when an admin adds a reason.
    await agentPage.getByTestId('end-interaction').click();
    await see(secondTab.getByTestId('chat-ended')).toBeVisible();
    const dialog = agentPage.getByTestId('wrapup-dialog');
    await see(dialog).toBeVisible();
    await addWrapUpReason('Refund issued');
    const added = dialog.locator('[data-reason-label="Refund issued"]');
    await see(added).toBeVisible();
    await added.check();
    await agentPage.getByTestId('wrapup-submit').click();
    await see(dialog).toBeHidden();

    // Ended and shown as ended; the next visit starts a new chat.
    await see(thirdTab.getByTestId('chat-ended')).toBeVisible();
    await secondTab.reload();
    await secondTab.getByTestId('widget-launcher').click();
    await see(secondTab.getByTestId('prechat-start')).toBeVisible();
    const stored = await secondTab.evaluate(() => Object.keys(localStorage));
    expect(stored.filter((key) => key.startsWith('sangdam-widget'))).toEqual([]);
  }, 300_000);
});

import type { StartChatResponse } from '@sangdam/contracts';
import { insertCustomer, insertInteraction } from '@sangdam/store';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAvailable, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

/** A customer in the widget on the demo page who has started a chat. */
async function customerChat(journey: { url: string; browser: Browser }, name: string) {
  const page = await (
    await journey.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
  ).newPage();
  await page.goto(`${journey.url}/demo`);
  await page.getByTestId('widget-launcher').click();
  await page.getByTestId('prechat-name').fill(name);
  await page.getByTestId('prechat-email').fill(`${name.split(' ')[0]!.toLowerCase()}@example.com`);
  await page.getByTestId('prechat-start').click();
  await see(page.getByTestId('compose-input')).toBeVisible();
  return page;
}

async function say(page: Page, text: string) {
  const compose = page.getByTestId('compose-input');
  await compose.fill(text);
  await compose.press('Enter');
}

describe('the agent desktop while working several chats', () => {
  const journey = useJourney();

  it('triages contacts, counts emoji like the server, links URLs safely and shows messages sent offline at once', async () => {
    const agentPage = await signInAvailable(journey.browser, journey.url);
    const hana = await customerChat(journey, 'Hana Customer');
    await say(hana, 'My order https://shop.example.com/orders/42?x=1. is late');
    await agentPage.getByTestId('offer-accept').click();
    const agentList = agentPage.getByTestId('message-list');
    await see(agentList).toContainText('My order');

    // #16: the URL is a safe link, on the desktop and (from the agent's reply) in the widget.
    const link = agentList.getByTestId('message-link');
    await see(link).toHaveAttribute('href', 'https://shop.example.com/orders/42?x=1');
    await see(link).toHaveAttribute('target', '_blank');
    await see(link).toHaveAttribute('rel', 'noopener noreferrer');
    await say(agentPage, 'Write to mailto:help@example.com or see javascript:alert(1)');
    const widgetList = hana.getByTestId('message-list');
    const mailLink = widgetList.locator('a[href="mailto:help@example.com"]');
    await see(mailLink).toHaveCount(1);
    await see(mailLink).toHaveAttribute('target', '_blank');
    await see(mailLink).toHaveAttribute('rel', 'noopener noreferrer');
    await see(widgetList.locator('a[href^="https://shop.example.com/"]')).toHaveCount(1);
    expect(await widgetList.locator('a').count()).toBe(2);

    // #9: 600 emoji are 600 characters, as the server and the widget count them.
    const compose = agentPage.getByTestId('compose-input');
    await compose.fill('😀'.repeat(600));
    await see(agentPage.getByTestId('compose-counter')).toContainText('600 / 1000');
    expect(await agentPage.getByTestId('compose-send').isDisabled()).toBe(false);
    await compose.fill('');

    // #17: the header says Engaged; a second contact; the first shows preview, wait and unread.
    const selector = agentPage.getByTestId('state-selector');
    await see(selector).toHaveAttribute('data-shown-state', 'engaged');
    await see(selector).toContainText('Engaged');
    const minjun = await customerChat(journey, 'Minjun Customer');
    await say(minjun, 'Hello?');
    await agentPage.getByTestId('offer-accept').click();
    await see(agentPage.getByTestId('customer-details')).toContainText('minjun@example.com');
    await say(hana, 'Are you there?');
    await say(hana, 'Still waiting for my parcel');
    const hanaRow = agentPage.getByTestId('interaction-item').filter({ hasText: 'Hana Customer' });
    await see(hanaRow.getByTestId('unread-count')).toContainText('2');
    await see(hanaRow.getByTestId('contact-preview')).toContainText('Still waiting for my parcel');
    await see(hanaRow.getByTestId('contact-waiting')).toBeVisible();
    expect(await hanaRow.getByTestId('contact-waiting').innerText()).toMatch(/^\d{2}:\d{2}$/);
    const minjunRow = agentPage.getByTestId('interaction-item').filter({ hasText: 'Minjun' });
    await see(minjunRow.getByTestId('contact-preview')).toContainText('Hello?');
    await see(minjunRow.getByTestId('unread-count')).toHaveCount(0);
    await hanaRow.click();
    await see(hanaRow.getByTestId('unread-count')).toHaveCount(0);
    await say(agentPage, 'Checking now');
    await see(hanaRow.getByTestId('contact-waiting')).toBeHidden();
    await see(hanaRow.getByTestId('contact-preview')).toContainText('You: Checking now');

    // #8: sent while disconnected, the message shows at once as sending, then as sent.
    await agentPage.context().setOffline(true);
    await see(agentPage.getByTestId('connection-status')).toBeVisible();
    await say(agentPage, 'Sent while the network is down');
    const unsent = agentList.getByTestId('message').filter({ hasText: 'Sent while the network' });
    await see(unsent).toHaveAttribute('data-status', 'sending');
    await see(agentList).toContainText('Sending…');
    await agentPage.context().setOffline(false);
    await see(unsent).toHaveAttribute('data-status', 'sent');
    await see(hana.getByTestId('message-list')).toContainText('Sent while the network is down');
  });
});

describe('many offers at once', () => {
  const journey = useJourney();

  it('stacks eight and more offers in their own area, shows the full email on hover and alerts the agent unless muted', async () => {
    const { sangdam, url, browser } = journey;
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1440, height: 900 },
    });
    // Records the chime's tones and the notifications; the page counts as in the background.
    await context.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.tones = 0;
      w.notes = [];
      w.asked = 0;
      const start: OscillatorNode['start'] = Reflect.get(OscillatorNode.prototype, 'start');
      OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
        w.tones = (w.tones as number) + 1;
        start.call(this, when);
      };
      class RecordingNotification {
        static permission = 'default';
        static requestPermission() {
          (w.asked as number)++;
          RecordingNotification.permission = 'granted';
          return Promise.resolve('granted');
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body: string }) {
          (w.notes as string[]).push(`${title}: ${options.body}`);
        }
        close() {}
      }
      w.Notification = RecordingNotification;
      Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
    });
    const page = await context.newPage();
    const read = (name: string) => page.evaluate((key) => (window as never)[key], name);

    await page.goto(`${url}/`);
    await page.getByTestId('login-email').fill('agent1@sangdam.local');
    await page.getByTestId('login-password').fill('sangdam-demo');
    await page.getByTestId('login-submit').click();
    // Notification permission is asked from the agent's click, not on its own.
    await page.getByTestId('offer-alerts').click();
    expect(await read('asked')).toBe(0);
    await page.getByTestId('offer-alerts-allow').click();
    expect(await read('asked')).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByTestId('state-selector').click();
    await page.getByTestId('state-available').click();

    // Long enough that no offer runs out while the test looks at them.
    await sangdam.database.db.updateTable('queues').set({ offerTimeoutSeconds: 600 }).execute();
    const longEmail = 'a.very.long.customer.address.for.testing@subdomain.example.com';
    for (let index = 1; index <= 5; index++) {
      const response = await fetch(`${url}/api/v1/chats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Chat Customer ${index}`,
          email: index === 1 ? longEmail : `chat${index}@example.com`,
        }),
      });
      expect(((await response.json()) as StartChatResponse).interactionId).toBeTruthy();
    }
    const { db } = sangdam.database;
    const emailQueue = await db
      .selectFrom('queues')
      .select('id')
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const arriveByEmail = async (name: string) => {
      const customer = await insertCustomer(db, { name, email: 'mail@example.com' });
      await insertInteraction(db, {
        channel: 'email',
        customerId: customer.id,
        queueId: emailQueue.id,
        entryPointId: null,
        customerTokenHash: null,
        enqueuedAt: new Date(),
      });
    };
    for (let index = 1; index <= 3; index++) await arriveByEmail(`Email Customer ${index}`);
    sangdam.router.request();

    const cards = page.getByTestId('offer-card');
    await see(cards).toHaveCount(8);
    await see(page.getByTestId('offer-count')).toContainText('8');
    await expect.poll(() => page.title()).toBe('(8) Incoming contact · Sangdam');

    // Their own area: in the contacts column, covering neither conversation nor customer panel.
    const stack = (await page.getByTestId('offer-stack').boundingBox())!;
    const nav = (await page.locator('nav').boundingBox())!;
    const main = (await page.getByTestId('conversation').boundingBox())!;
    const aside = (await page.locator('aside').boundingBox())!;
    expect(stack.x).toBeGreaterThanOrEqual(nav.x);
    expect(stack.x + stack.width).toBeLessThanOrEqual(nav.x + nav.width);
    expect(stack.x + stack.width).toBeLessThanOrEqual(main.x);
    expect(stack.x + stack.width).toBeLessThan(aside.x);
    const last = cards.last();
    await last.scrollIntoViewIfNeeded();
    await see(last.getByTestId('offer-accept')).toBeVisible();

    const email = cards.filter({ hasText: 'Chat Customer 1' }).getByTestId('offer-email');
    await email.hover();
    await see(page.getByRole('tooltip')).toContainText(longEmail);
    const card = (await cards.filter({ hasText: 'Chat Customer 1' }).boundingBox())!;
    expect(card.x).toBeGreaterThanOrEqual(nav.x);
    expect(card.x + card.width).toBeLessThanOrEqual(nav.x + nav.width);

    // A chime for the burst and a notification for each offer.
    await expect.poll(() => read('tones')).toBeGreaterThan(0);
    await expect.poll(async () => ((await read('notes')) as string[]).length).toBe(8);
    expect(await read('notes')).toContain('Incoming contact: Chat Customer 2 · Chat support');

    // Muted, and still muted after a reload: the next offer only changes the title.
    await page.getByTestId('offer-alerts').click();
    await page.getByTestId('offer-alerts-mute').click();
    await page.reload();
    await see(page.getByTestId('offer-alerts')).toHaveAttribute('data-muted', 'true');
    await see(cards).toHaveCount(8);
    await arriveByEmail('Late Customer');
    sangdam.router.request();
    await see(cards).toHaveCount(9);
    await expect.poll(() => page.title()).toBe('(9) Incoming contact · Sangdam');
    expect(await read('tones')).toBe(0);
    expect(await read('notes')).toEqual([]);
  });
});

import { setChannelWrapUp } from '@sangdam/store';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useJourney, type Journey } from './journey-setup.ts';
import { see } from './see.ts';

type Locale = 'en-US' | 'ko-KR';

async function openDesk(browser: Browser, url: string, email: string, locale: Locale) {
  const page = await (
    await browser.newContext({ locale, viewport: { width: 1440, height: 900 } })
  ).newPage();
  await page.goto(`${url}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('sangdam-demo');
  await page.getByTestId('login-submit').click();
  return page;
}

/** Signs an agent in, Available, and has a customer start a chat the agent accepts and ends. */
async function endedChat(journey: Journey, email: string, locale: Locale, customerName: string) {
  const { browser, url } = journey;
  const agent = await openDesk(browser, url, email, locale);
  const selector = agent.getByTestId('state-selector');
  await see(selector).toHaveAttribute('data-state', 'idle');
  await selector.click();
  await agent.getByTestId('state-available').click();
  await see(selector).toHaveAttribute('data-state', 'available');

  const customer = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await customer.goto(`${url}/demo`);
  await customer.getByTestId('widget-launcher').click();
  await customer.getByTestId('prechat-name').fill(customerName);
  await customer.getByTestId('prechat-email').fill('wrap@example.com');
  await customer.getByTestId('prechat-start').click();
  await customer.getByTestId('compose-input').fill('Where is my parcel?');
  await customer.getByTestId('compose-input').press('Enter');

  await see(agent.getByTestId('offer-card')).toContainText(customerName);
  await agent.getByTestId('offer-accept').click();
  await see(agent.getByTestId('message-list')).toContainText('Where is my parcel?');
  await agent.getByTestId('end-interaction').click();
  return agent;
}

const automaticWrapUps = (journey: Journey) =>
  journey.sangdam.database.db
    .selectFrom('wrapUps')
    .select('automatic')
    .where('automatic', '=', true)
    .execute();

describe('automatic wrap-up in the browser (R-WU-2)', () => {
  const journey = useJourney();

  it('an admin sets 5 s; the agent ends a chat, sees the countdown, and the dialog closes when the server records it', async () => {
    const admin = await openDesk(journey.browser, journey.url, 'admin@sangdam.local', 'en-US');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-tab-queues').click();
    await admin.getByTestId('admin-channel-wrap-up-chat').fill('5');
    await admin.getByTestId('admin-channel-timeouts-save').click();
    await see(admin.getByText('Saved')).toBeVisible();
    await shoot(admin, 'admin-queues-en');
    await shoot(admin, 'admin-wrap-up-timeout-en', admin.getByTestId('admin-channel-timeouts'));

    const agent = await endedChat(journey, 'agent1@sangdam.local', 'en-US', 'Countdown Customer');
    const dialog = agent.getByTestId('wrapup-dialog');
    await see(dialog).toBeVisible();
    const countdown = dialog.getByTestId('wrapup-countdown');
    await see(countdown).toContainText('recorded automatically in');
    const seconds = Number(await countdown.getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(5);
    await see(dialog.getByTestId('wrapup-keep-open')).toBeVisible();
    await shoot(agent, 'wrap-up-countdown-en');

    await see(dialog).toBeHidden();
    await see(agent.getByTestId('interaction-item')).toHaveCount(0);
    expect(await automaticWrapUps(journey)).toEqual([{ automatic: true }]);
  });
});

describe('keeping a wrap-up open, in Korean (R-WU-2)', () => {
  const journey = useJourney();

  it('shows the countdown in Korean; Keep open stops it and the agent submits', async () => {
    await setChannelWrapUp(journey.sangdam.database.db, 'chat', {
      wrapUpTimeoutSeconds: 60,
      wrapUpCancelAllowed: true,
    });
    const agent = await endedChat(journey, 'agent2@sangdam.local', 'ko-KR', '카운트다운 고객');
    const dialog = agent.getByTestId('wrapup-dialog');
    const countdown = dialog.getByTestId('wrapup-countdown');
    await see(countdown).toContainText('기본 사유가 자동으로 기록됩니다');
    await see(dialog.getByTestId('wrapup-keep-open')).toContainText('계속 열어 두기');
    await shoot(agent, 'wrap-up-countdown-ko');

    await dialog.getByTestId('wrapup-keep-open').click();
    await see(countdown).toHaveCount(0);
    await dialog.getByTestId('wrapup-submit').click();
    await see(dialog).toBeHidden();
    expect(await automaticWrapUps(journey)).toEqual([]);
  });
});

/** Screenshots for people to look at, when SCREENSHOTS names a folder. */
async function shoot(page: Page, name: string, element?: Locator) {
  if (process.env.SCREENSHOTS) {
    // The dialog fades in: wait for it to settle.
    await page.waitForTimeout(500);
    const path = `${process.env.SCREENSHOTS}/${name}.png`;
    await (element ? element.screenshot({ path }) : page.screenshot({ path }));
  }
}

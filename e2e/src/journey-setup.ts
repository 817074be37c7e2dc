import { createSangdam, type Sangdam } from '@sangdam/server/src/app.ts';
import { generousCustomerLimits } from '@sangdam/server/test/test-server.ts';
import { loadConfig } from '@sangdam/server/src/config.ts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { see } from './see.ts';

export interface Journey {
  sangdam: Sangdam;
  url: string;
  browser: Browser;
}

/**
 * For a describe block: a real Sangdam on the embedded database in memory and a headless
 * Chromium, started before its tests and closed after them. Read the fields inside a test.
 */
export function useJourney(): Journey {
  const journey = {} as Journey;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await startJourney();
    ({ close } = started);
    Object.assign(journey, {
      sangdam: started.sangdam,
      url: started.url,
      browser: started.browser,
    });
  });
  afterAll(() => close?.());
  return journey;
}

async function startJourney(): Promise<Journey & { close: () => Promise<void> }> {
  const sangdam = await createSangdam(
    loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', PORT: '0', SMTP_PORT: '0' }),
    { sweepEveryMs: 250 },
  );
  // Every customer here comes from one address and some write fast; limits have tests of their own.
  await sangdam.rateLimits.saveCustomerLimits(generousCustomerLimits);
  const url = await sangdam.app.listen({ port: 0, host: '127.0.0.1' });
  // Mail in over real SMTP (the email demo page sends to it), on a free port.
  await sangdam.startSmtp();
  const browser = await launchChromium();
  return {
    sangdam,
    url,
    browser,
    close: async () => {
      await browser.close();
      await sangdam.close();
    },
  };
}

/** Signs a demo agent in to the desktop and picks Available, as the agent would. */
export async function signInAvailable(
  browser: Browser,
  url: string,
  email = 'agent1@sangdam.local',
): Promise<Page> {
  const page = await (
    await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } })
  ).newPage();
  await page.goto(`${url}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('sangdam-demo');
  await page.getByTestId('login-submit').click();
  const selector = page.getByTestId('state-selector');
  await see(selector).toHaveAttribute('data-state', 'idle');
  await selector.click();
  await page.getByTestId('state-available').click();
  await see(selector).toHaveAttribute('data-state', 'available');
  return page;
}

/** Signs the demo admin in and opens one tab of Administration (its `admin-tab-…` id). */
export async function openAdminTab(browser: Browser, url: string, tab: string): Promise<Page> {
  const page = await (
    await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } })
  ).newPage();
  await page.goto(`${url}/`);
  await page.getByTestId('login-email').fill('admin@sangdam.local');
  await page.getByTestId('login-password').fill('sangdam-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-admin').click();
  await page.getByTestId(`admin-tab-${tab}`).click();
  return page;
}

/** Screenshots for people to look at, when SCREENSHOTS names a folder (none are committed). */
export async function shoot(page: Page, name: string) {
  if (process.env.SCREENSHOTS) {
    await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png` });
  }
}

/** Switches the desktop's language with its own menu, as the agent would. */
export async function useKorean(page: Page) {
  await page.getByTestId('language-switch').click();
  await page.getByTestId('language-ko').click();
  await see(page.getByTestId('language-ko')).toBeHidden();
}

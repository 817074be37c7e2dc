import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useJourney } from './journey-setup.ts';
import { see } from './see.ts';

async function signIn(browser: Browser, url: string, email: string, password: string) {
  const page: Page = await (
    await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } })
  ).newPage();
  await page.goto(`${url}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  return page;
}

describe('accounts an admin manages (SPEC §7)', () => {
  const journey = useJourney();

  it('lets an admin add a user in the admin screen, who signs in and changes the password', async () => {
    const { url, browser } = journey;
    const admin = await signIn(browser, url, 'admin@sangdam.local', 'sangdam-demo');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-add-user').click();
    await admin.getByTestId('admin-user-name').fill('Sora Choi');
    await admin.getByTestId('admin-user-email').fill('sora@example.com');
    await admin.getByTestId('admin-save').click();
    const value = admin.getByTestId('admin-temporary-password-value');
    await see(value).toBeVisible();
    const temporary = (await value.innerText()).trim();
    expect(temporary).toHaveLength(16);
    await admin.getByTestId('admin-temporary-password-done').click();
    await see(admin.getByTestId('admin-users')).toContainText('sora@example.com');

    const sora = await signIn(browser, url, 'sora@example.com', temporary);
    await see(sora.getByTestId('state-selector')).toHaveAttribute('data-state', 'idle');
    await sora.getByTestId('user-menu').click();
    await sora.getByTestId('change-password').click();
    await sora.getByTestId('current-password').fill(temporary);
    await sora.getByTestId('new-password').fill('my own long password');
    await sora.getByTestId('confirm-password').fill('my own long password');
    await sora.getByTestId('change-password-save').click();
    await see(sora.getByTestId('change-password-dialog')).toBeHidden();

    const again = await signIn(browser, url, 'sora@example.com', 'my own long password');
    await see(again.getByTestId('state-selector')).toHaveAttribute('data-state', 'idle');
  });
});

import { describe, it } from 'vitest';
import { openAdminTab, shoot, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

describe('limits on customers an admin sets', () => {
  const journey = useJourney();

  it('tells a customer who writes faster than the admin allows to wait, keeping what was sent', async () => {
    const { url, browser } = journey;
    const admin = await openAdminTab(browser, url, 'limits');
    const perChat = admin.getByTestId('admin-limit-messagesPerChatPerMinute');
    await perChat.fill('0');
    await admin.getByTestId('admin-customer-limits-save').click();
    await see(admin.getByTestId('admin-customer-limits')).toContainText('A whole number from 1');
    await perChat.fill('4');
    await admin.getByTestId('admin-customer-limits-save').click();
    await see(admin.getByText('Saved')).toBeVisible();
    await shoot(admin, 'admin-customer-limits-en');

    const customer = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await customer.goto(`${url}/demo`);
    await customer.getByTestId('widget-launcher').click();
    await customer.getByTestId('prechat-name').fill('Fast Typer');
    await customer.getByTestId('prechat-email').fill('fast@example.com');
    await customer.getByTestId('prechat-start').click();
    const messages = customer.getByTestId('message-list');
    for (let i = 1; i <= 6; i++) {
      await customer.getByTestId('compose-input').fill(`message number ${i}`);
      await customer.getByTestId('compose-input').press('Enter');
    }
    await see(messages).toContainText('too fast');
    await see(messages).toContainText('message number 1');
  });
});

import { describe, expect, it } from 'vitest';
import { openAdminTab, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

describe('the PCI policy an admin sets (R-PCI-2)', () => {
  const journey = useJourney();

  it('blocks a customer’s message with a card number once the admin chooses to block', async () => {
    const { url, browser } = journey;
    const admin = await openAdminTab(browser, url, 'pci');
    await admin.getByTestId('admin-pci-chat-drop').check();
    await admin.getByTestId('admin-pci-chat-save').click();
    await see(admin.getByTestId('admin-pci-chat-save')).toBeDisabled();

    const customer = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await customer.goto(`${url}/demo`);
    await customer.getByTestId('widget-launcher').click();
    await customer.getByTestId('prechat-name').fill('Card Holder');
    await customer.getByTestId('prechat-email').fill('holder@example.com');
    await customer.getByTestId('prechat-start').click();
    await customer.getByTestId('compose-input').fill('here is my card 5555 5555 5555 4444');
    await customer.getByTestId('compose-input').press('Enter');
    const messages = customer.getByTestId('message-list');
    await see(messages).toContainText('not sent because it contained card or personal data');
    expect(await messages.innerText()).toContain('5555 5555 5555 4444');
  });
});

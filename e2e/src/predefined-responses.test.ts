import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAdminTab, signInAvailable, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

async function addResponse(admin: Page, title: string, text: string, category = '') {
  await admin.getByTestId('admin-add-response').click();
  await admin.getByTestId('admin-response-title').fill(title);
  if (category) await admin.getByTestId('admin-response-category').fill(category);
  await admin.getByTestId('admin-response-text').fill(text);
  await admin.getByTestId('admin-save').click();
  await see(admin.getByTestId('admin-response-form')).toBeHidden();
  await see(admin.getByTestId('admin-responses')).toContainText(title);
}

describe('predefined chat responses (R-CH-4)', () => {
  const journey = useJourney();

  it('lets an agent combine two responses an admin wrote, edit the reply and send it', async () => {
    const { browser, url } = journey;
    const admin = await openAdminTab(browser, url, 'responses');
    await addResponse(admin, 'Order received', 'We have your order.', 'Orders');

    const agent = await signInAvailable(browser, url);
    const customer = await (
      await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
    ).newPage();
    await customer.goto(`${url}/demo`);
    await customer.getByTestId('widget-launcher').click();
    await customer.getByTestId('prechat-name').fill('Hana Customer');
    await customer.getByTestId('prechat-email').fill('hana@example.com');
    await customer.getByTestId('prechat-start').click();
    await agent.getByTestId('offer-accept').click();
    const compose = agent.getByTestId('compose-input');
    await see(compose).toBeVisible();

    // The picker has loaded its list once; a response written now shows without a reload.
    await agent.getByTestId('compose-responses').click();
    await see(agent.getByTestId('response-picker')).toContainText('Order received');
    await agent.getByTestId('response-search').press('Escape');
    await see(agent.getByTestId('response-picker')).toBeHidden();
    expect(await compose.inputValue()).toBe('');
    await addResponse(admin, 'Ship date', 'Your order ships tomorrow.');

    // `/` at the start of the empty box opens the picker; the search finds by title.
    await compose.click();
    await compose.press('/');
    const picker = agent.getByTestId('response-picker');
    await see(picker).toBeVisible();
    await agent.getByTestId('response-search').pressSequentially('received');
    await see(picker.getByTestId('response-option')).toHaveCount(1);
    await agent.getByTestId('response-search').press('Enter');
    await see(picker).toBeHidden();
    expect(await compose.inputValue()).toBe('We have your order.');

    // The button opens it on a box with text; title matches first, then matches in the text.
    await agent.getByTestId('compose-responses').click();
    const search = agent.getByTestId('response-search');
    await search.pressSequentially('order');
    const options = picker.getByTestId('response-option');
    await see(options).toHaveCount(2);
    await see(options.nth(0)).toContainText('Order received');
    await see(options.nth(0)).toHaveAttribute('aria-selected', 'true');
    await search.press('ArrowDown');
    await see(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await see(options.nth(0)).toHaveAttribute('aria-selected', 'false');
    await search.press('Enter');
    await see(picker).toBeHidden();
    expect(await compose.inputValue()).toBe('We have your order. Your order ships tomorrow.');

    // Still the agent's text: the caret is after the insertion, typing edits it.
    await agent.keyboard.type(' Thank you, Hana!');
    for (let i = 0; i < 'tomorrow. Thank you, Hana!'.length; i++) await compose.press('ArrowLeft');
    await compose.press('Shift+End');
    await agent.keyboard.type('on Monday. Thank you, Hana!');
    const reply = 'We have your order. Your order ships on Monday. Thank you, Hana!';
    expect(await compose.inputValue()).toBe(reply);
    await see(agent.getByTestId('compose-counter')).toContainText(`${reply.length} / 1000`);
    await compose.press('Enter');
    await see(customer.getByTestId('message-list')).toContainText(reply);
    expect(await compose.inputValue()).toBe('');

    // Past the 1000-character limit, an insertion is refused with a note, and nothing is cut.
    const long = 'x'.repeat(990);
    await compose.fill(long);
    await agent.getByTestId('compose-responses').click();
    await search.pressSequentially('received');
    await search.press('Enter');
    await see(agent.getByTestId('response-refused')).toContainText('only 10 of 1000');
    expect(await compose.inputValue()).toBe(long);
    await search.press('Escape');
    await see(picker).toBeHidden();
    await see(agent.getByTestId('compose-counter')).toContainText('990 / 1000');

    // Esc after `/` gives the slash back, so a message can still start with one.
    await compose.fill('');
    await compose.press('/');
    await see(picker).toBeVisible();
    await search.press('Escape');
    await see(picker).toBeHidden();
    expect(await compose.inputValue()).toBe('/');
    await agent.keyboard.type('help');
    expect(await compose.inputValue()).toBe('/help');
  });
});

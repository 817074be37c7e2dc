import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAdminTab, shoot, signInAvailable, useJourney, useKorean } from './journey-setup.ts';
import { see } from './see.ts';

/** The text in a form field, retried like `see`. */
const valueOf = (field: Locator) => expect.poll(() => field.inputValue(), { timeout: 15_000 });

/** The admin defines an entry point with an assistant of one answer; returns its embed snippet. */
async function createShopAssistant(admin: Page): Promise<string> {
  await admin.getByTestId('admin-add-entry-point').click();
  const form = admin.getByTestId('admin-entry-point-form');
  await admin.getByTestId('admin-entry-point-name').fill('Shop assistant');
  await form.getByText('Optional').nth(1).click(); // email optional
  await admin.getByTestId('admin-entry-point-greeting').fill('Hi! I am the shop assistant.');
  // The form shows the limits before the server is asked: no way to an agent is refused.
  await admin.getByTestId('admin-entry-point-add-answer').click();
  await admin.getByTestId('admin-answer-question').fill('Where is my order?');
  const keywords = admin.getByTestId('admin-answer-keywords');
  await keywords.fill('delivery');
  await keywords.press('Enter');
  await keywords.fill('배송');
  await keywords.press('Enter');
  await admin.getByTestId('admin-answer-text').fill('Track it on the Orders page.');
  await admin.getByTestId('admin-entry-point-offer-agent').uncheck();
  await admin.getByTestId('admin-save').click();
  await see(form).toContainText('Customers need a way to reach an agent');
  await admin.getByTestId('admin-entry-point-offer-agent').check();
  await admin.getByTestId('admin-entry-point-after-misses').check();
  await admin.getByTestId('admin-save').click();
  await see(form).toBeHidden();
  const row = admin.getByTestId('admin-entry-point-row').filter({ hasText: 'Shop assistant' });
  await see(row).toContainText('1 answer');
  await shoot(admin, 'entry-points-en');

  await row.getByTestId('admin-edit').click();
  const snippet = await admin.getByTestId('admin-entry-point-snippet').innerText();
  expect(snippet).toMatch(/data-entry-point="[0-9a-f-]{36}"/);
  await shoot(admin, 'entry-point-form-en');
  await admin.keyboard.press('Escape');
  await see(form).toBeHidden();
  await useKorean(admin);
  await shoot(admin, 'entry-points-ko');
  await row.getByTestId('admin-edit').click();
  await see(form).toContainText('가상 도우미');
  await see(form).toContainText('삽입 코드');
  await shoot(admin, 'entry-point-form-ko');
  await admin.keyboard.press('Escape');
  return snippet;
}

/** A shop page of its own that embeds the widget with the admin's snippet. */
async function shopPage(browser: Browser, url: string, snippet: string, locale: string) {
  const page = await (
    await browser.newContext({ locale, viewport: { width: 1280, height: 800 } })
  ).newPage();
  await page.route(`${url}/assistant-shop`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><body><h1>Shop</h1>${snippet}</body></html>`,
    }),
  );
  await page.goto(`${url}/assistant-shop`);
  await page.getByTestId('widget-launcher').click();
  return page;
}

describe('the virtual assistant (R-CH-1, R-CH-2)', () => {
  const journey = useJourney();

  it('answers a customer, hands them to an agent on request, and the agent reads the whole bot conversation', async () => {
    const { browser, url } = journey;
    const admin = await openAdminTab(browser, url, 'entryPoints');
    const snippet = await createShopAssistant(admin);
    const agent = await signInAvailable(browser, url);

    const customer = await shopPage(browser, url, snippet, 'en-US');
    await customer.getByTestId('prechat-name').fill('Min-ji Park');
    // Email was made optional: the form says so and starts without one.
    await see(customer.locator('label[for="sangdam-prechat-email"]')).toContainText('(optional)');
    await customer.getByTestId('prechat-start').click();
    const log = customer.getByTestId('message-list');
    await see(log).toContainText('Hi! I am the shop assistant.');
    const choices = customer.getByTestId('assistant-choices');
    await choices.getByRole('button', { name: 'Where is my order?' }).click();
    await see(log).toContainText('Track it on the Orders page.');
    const compose = customer.getByTestId('compose-input');
    await compose.fill('배송 언제 와요?');
    await compose.press('Enter');
    await see(log.getByText('Track it on the Orders page.')).toHaveCount(2);
    await compose.fill('Can I pay with points?');
    await compose.press('Enter');
    await see(log).toContainText('Sorry, I have no answer to that.');
    // With the assistant, nobody is offered the chat yet.
    await see(agent.getByTestId('offer-accept')).toHaveCount(0);
    await shoot(customer, 'widget-assistant-en');

    await customer.getByTestId('talk-to-agent').click();
    await see(log).toContainText('Connecting you to an agent');
    await see(choices).toBeHidden();
    await agent.getByTestId('offer-accept').click();
    await see(customer.getByTestId('message-list')).toContainText('Jiwoo Kim joined');

    const transcript = agent.getByTestId('message-list');
    await see(transcript).toContainText('Hi! I am the shop assistant.');
    await see(transcript).toContainText('Answer to “Where is my order?”');
    await see(transcript).toContainText('배송 언제 와요?');
    await see(transcript).toContainText('No answer matched');
    await see(transcript).toContainText('The customer asked for an agent');
    await see(agent.locator('[data-role="bot"]').first()).toContainText(
      'Customer Virtual Assistant',
    );
    await shoot(agent, 'agent-bot-transcript-en');
    await useKorean(agent);
    await see(agent.locator('[data-role="bot"]').first()).toContainText('고객 가상 도우미');
    await see(transcript).toContainText('고객이 상담원 연결을 요청했습니다');
    await shoot(agent, 'agent-bot-transcript-ko');

    const korean = await shopPage(browser, url, snippet, 'ko-KR');
    await korean.getByTestId('prechat-name').fill('김민지');
    await korean.getByTestId('prechat-start').click();
    await see(korean.getByTestId('talk-to-agent')).toContainText('상담원 연결');
    await korean.getByTestId('compose-input').fill('포인트로 결제할 수 있나요?');
    await korean.getByTestId('compose-input').press('Enter');
    await see(korean.getByTestId('message-list')).toContainText('죄송합니다');
    await shoot(korean, 'widget-assistant-ko');
  }, 180_000);
});

describe('leaving a conversation with unsent work (R-CH-6)', () => {
  const journey = useJourney();

  async function customerStarts(name: string, email: string) {
    const page = await (
      await journey.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })
    ).newPage();
    await page.goto(`${journey.url}/demo`);
    await page.getByTestId('widget-launcher').click();
    await page.getByTestId('prechat-name').fill(name);
    await page.getByTestId('prechat-email').fill(email);
    await page.getByTestId('prechat-start').click();
    await see(page.getByTestId('compose-input')).toBeVisible();
  }

  it('asks before switching away, keeps the text for coming back, and asks before ending', async () => {
    const agent = await signInAvailable(journey.browser, journey.url);
    await customerStarts('Hana Choi', 'hana@example.com');
    await agent.getByTestId('offer-accept').click();
    await customerStarts('Joon Lee', 'joon@example.com');
    await agent.getByTestId('offer-accept').click();
    const items = agent.getByTestId('interaction-item');
    await see(items).toHaveCount(2);
    // Accepting opens the new chat; wait for that before choosing another (a slow ack would
    // otherwise switch away from the chat being typed in).
    await see(agent.getByTestId('conversation')).toContainText('Joon Lee');

    const hana = items.filter({ hasText: 'Hana Choi' });
    const joon = items.filter({ hasText: 'Joon Lee' });
    await hana.click();
    const compose = agent.getByTestId('compose-input');
    await compose.fill('Half a reply to Hana');

    const dialog = agent.getByTestId('unsent-work-dialog');
    await joon.click();
    await see(dialog).toContainText('What you wrote to Hana Choi has not been sent');
    await agent.waitForTimeout(400); // the dialog's fade-in, for the screenshot
    await shoot(agent, 'unsent-switch-en');
    await agent.getByTestId('unsent-stay').click();
    await see(dialog).toBeHidden();
    await valueOf(compose).toBe('Half a reply to Hana');

    await joon.click();
    await agent.getByTestId('unsent-leave').click();
    await see(agent.getByTestId('conversation')).toContainText('Joon Lee');
    await valueOf(compose).toBe('');
    // A file waiting in the box is unsent work too: leaving asks, and Hana's text is still there.
    await agent
      .getByTestId('compose-file-input')
      .setInputFiles([{ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') }]);
    await see(agent.getByTestId('attachment-chip')).toHaveCount(1);
    await hana.click();
    await see(dialog).toContainText('What you wrote to Joon Lee has not been sent');
    await agent.getByTestId('unsent-leave').click();
    await see(dialog).toBeHidden();
    await valueOf(compose).toBe('Half a reply to Hana');

    await agent.getByTestId('end-interaction').click();
    await see(dialog).toContainText('is lost when the chat ends');
    await agent.getByTestId('unsent-stay').click();
    await see(agent.getByTestId('conversation')).toHaveAttribute('data-status', 'active');
    await useKorean(agent);
    await agent.getByTestId('end-interaction').click();
    await see(dialog).toContainText('채팅을 종료하면 사라집니다');
    await agent.waitForTimeout(400);
    await shoot(agent, 'unsent-end-ko');
    await agent.getByTestId('unsent-leave').click();
    await see(agent.getByTestId('wrapup-dialog')).toBeVisible();
  }, 120_000);
});

import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { strToU8, zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAdminTab, shoot, signInAvailable, useJourney, useKorean } from './journey-setup.ts';
import { see } from './see.ts';

async function pdfWith(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage();
  page.drawText(text, { x: 50, y: 700, font: await document.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await document.save());
}

const workbook = (cell: string): Buffer =>
  Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/workbook.xml': strToU8('<workbook/>'),
      'xl/sharedStrings.xml': strToU8(`<sst><si><t>${cell}</t></si></sst>`),
    }),
  );

/** The customer, in a browser of their own, starts a chat in the widget and writes `text`. */
async function customerWrites(
  journey: { url: string; browser: Browser },
  text: string,
  locale = 'en-US',
) {
  const page = await (
    await journey.browser.newContext({ locale, viewport: { width: 1280, height: 800 } })
  ).newPage();
  await page.goto(`${journey.url}/demo`);
  await page.getByTestId('widget-launcher').click();
  await page.getByTestId('prechat-name').fill('Min-ji Park');
  await page.getByTestId('prechat-email').fill('minji@example.com');
  await page.getByTestId('prechat-start').click();
  const compose = page.getByTestId('compose-input');
  await compose.fill(text);
  await compose.press('Enter');
  return page;
}

/** Clicks a download link and returns the bytes the browser saved. */
async function downloaded(page: Page, link: ReturnType<Page['getByTestId']>) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

describe('attachments in the chat', () => {
  const journey = useJourney();

  it('a customer and an agent exchange files; each downloads what the other sent', async () => {
    const agent = await signInAvailable(journey.browser, journey.url);
    const customer = await customerWrites(journey, 'I have a question about my invoice.');
    await agent.getByTestId('offer-accept').click();
    await see(agent.getByTestId('message-list')).toContainText('my invoice');

    const invoice = await pdfWith('Invoice 1042');
    await see(customer.getByTestId('compose-attach')).toBeVisible();
    await customer.getByTestId('compose-file-input').setInputFiles([
      { name: 'invoice-1042.pdf', mimeType: 'application/pdf', buffer: invoice },
      { name: 'wrong.pdf', mimeType: 'application/pdf', buffer: invoice },
    ]);
    await see(customer.getByTestId('attachment-chip')).toHaveCount(2);
    await see(customer.getByTestId('attachment-limit')).toContainText('under 35 MB');
    await customer.getByTestId('attachment-remove').nth(1).click();
    await see(customer.getByTestId('attachment-chip')).toHaveCount(1);
    await see(customer.getByTestId('compose-attachments')).toContainText('invoice-1042.pdf');
    await customer.getByTestId('compose-input').fill('Here it is');
    await customer.getByTestId('compose-send').click();
    await see(customer.getByTestId('attachment-chip')).toHaveCount(0);

    const link = agent.getByTestId('attachment-link');
    await see(link).toContainText('invoice-1042.pdf');
    await see(agent.getByTestId('message-list')).toContainText('Here it is');
    const got = await downloaded(agent, link);
    expect(got.name).toBe('invoice-1042.pdf');
    expect(got.bytes.equals(invoice)).toBe(true);

    const sheet = workbook('Refund 1042');
    await agent
      .getByTestId('compose-file-input')
      .setInputFiles([
        { name: 'refund-1042.xlsx', mimeType: 'application/octet-stream', buffer: sheet },
      ]);
    await see(agent.getByTestId('attachment-chip')).toContainText('refund-1042.xlsx');
    await shoot(agent, 'attachments-compose-en');
    await agent.getByTestId('compose-send').click();
    await see(agent.getByTestId('attachment-link')).toHaveCount(2);
    await shoot(agent, 'attachments-transcript-en');

    const customerLink = customer.getByTestId('attachment-link').nth(1);
    await see(customerLink).toContainText('refund-1042.xlsx');
    await shoot(customer, 'attachments-widget-en');
    const back = await downloaded(customer, customerLink);
    expect(back.name).toBe('refund-1042.xlsx');
    expect(back.bytes.equals(sheet)).toBe(true);
  });
});

describe('a file with card data in the chat', () => {
  const journey = useJourney();

  it('is dropped and both sides are told (Korean)', async () => {
    const agent = await signInAvailable(journey.browser, journey.url);
    await useKorean(agent);
    const customer = await customerWrites(journey, '안녕하세요', 'ko-KR');
    await agent.getByTestId('offer-accept').click();
    await see(agent.getByTestId('message-list')).toContainText('안녕하세요');

    await customer.getByTestId('compose-file-input').setInputFiles([
      {
        name: '카드.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('카드 번호 4111 1111 1111 1111'),
      },
    ]);
    await see(customer.getByTestId('attachment-limit')).toContainText('35 MB');
    await shoot(customer, 'attachments-widget-chip-ko');
    await customer.getByTestId('compose-send').click();
    await see(customer.getByTestId('attachment-dropped')).toContainText('카드.txt');
    await see(agent.getByTestId('attachment-dropped')).toContainText('카드 또는 개인 정보');
    await see(agent.getByTestId('attachment-link')).toHaveCount(0);
    await shoot(customer, 'attachments-widget-dropped-ko');
    await shoot(agent, 'attachments-dropped-ko');
  });
});

describe('the attachment policy in Admin → Queues', () => {
  const journey = useJourney();

  it('an admin adds an extension and lowers the total; the chat channel answers with it', async () => {
    const admin = await openAdminTab(journey.browser, journey.url, 'queues');
    const extensions = admin.getByTestId('admin-attachments-extensions-chat');
    await extensions.fill('.PNG');
    await extensions.press('Enter');
    await admin.getByTestId('admin-attachments-total-chat').fill('20');
    await admin.getByTestId('admin-channel-attachments-save').click();
    await see(admin.getByText('Saved')).toBeVisible();
    await admin.getByTestId('admin-channel-attachments').scrollIntoViewIfNeeded();
    await shoot(admin, 'admin-attachments-en');
    await useKorean(admin);
    await see(admin.getByTestId('admin-channel-attachments')).toContainText('허용 확장자');
    await shoot(admin, 'admin-attachments-ko');

    const policy = (await (
      await fetch(`${journey.url}/api/v1/chats/attachment-policy`)
    ).json()) as { extensions: string[]; totalLimitBytes: number };
    expect(policy.extensions).toContain('png');
    expect(policy.extensions).toContain('pdf');
    expect(policy.totalLimitBytes).toBe(20 * 1024 * 1024);
  });
});

import { createEntryPoint } from '@sangdam/server/src/services/admin/entry-points.ts';
import type { EntryPointBody } from '@sangdam/contracts';
import { describe, it } from 'vitest';
import { openAdminTab, shoot, useJourney, useKorean } from './journey-setup.ts';
import { see } from './see.ts';

describe('deleting a chat entry point (issue 10)', () => {
  const journey = useJourney();

  it('asks first, says what happens to its chats, and a site still embedding it tells customers', async () => {
    const { browser, url, sangdam } = journey;
    const queue = await sangdam.deps.db
      .selectFrom('queues')
      .select('id')
      .where('channel', '=', 'chat')
      .executeTakeFirstOrThrow();
    const body = (name: string): EntryPointBody => ({
      name,
      queueId: queue.id,
      nameField: 'required',
      emailField: 'optional',
      greeting: 'Welcome to the sale',
      answers: [],
      handOver: { offerAgent: true, afterMisses: null },
    });
    const sale = await createEntryPoint(sangdam.deps, body('Spring sale'));
    await createEntryPoint(sangdam.deps, body('Autumn sale'));

    const admin = await openAdminTab(browser, url, 'entryPoints');
    const rows = admin.getByTestId('admin-entry-point-row');
    // The default entry point serves the widget without an id: it has no delete button.
    await see(rows.filter({ hasText: 'Spring sale' }).getByTestId('admin-delete')).toBeVisible();
    await see(rows.first().getByTestId('admin-delete')).toHaveCount(0);

    await rows.filter({ hasText: 'Spring sale' }).getByTestId('admin-delete').click();
    const dialog = admin.getByTestId('admin-confirm-delete');
    await see(dialog).toContainText('Chats that came through it keep their history');
    await admin.waitForTimeout(400); // the dialog's fade-in, for the screenshot
    await shoot(admin, 'entry-point-delete-en');
    await admin.getByTestId('admin-confirm-delete-button').click();
    await see(dialog).toBeHidden();
    await see(rows.filter({ hasText: 'Spring sale' })).toHaveCount(0);

    await useKorean(admin);
    await rows.filter({ hasText: 'Autumn sale' }).getByTestId('admin-delete').click();
    await see(dialog).toContainText('채팅의 기록은 그대로 남습니다');
    await admin.waitForTimeout(400);
    await shoot(admin, 'entry-point-delete-ko');
    await admin.keyboard.press('Escape');

    // A shop page that still embeds the deleted entry point's snippet.
    for (const [locale, text, name] of [
      ['en-US', 'no longer offered here', 'widget-entry-point-gone-en'],
      ['ko-KR', '더 이상 채팅 상담을 제공하지 않습니다', 'widget-entry-point-gone-ko'],
    ] as const) {
      const page = await (
        await browser.newContext({ locale, viewport: { width: 1280, height: 800 } })
      ).newPage();
      await page.route(`${url}/old-shop`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html><body><h1>Shop</h1><script src="${url}/widget/sangdam-widget.js" data-entry-point="${sale.id}" async></script></body></html>`,
        }),
      );
      await page.goto(`${url}/old-shop`);
      await page.getByTestId('widget-launcher').click();
      await see(page.locator('p.form-error[role="alert"]')).toContainText(text);
      // Nothing to fill in where no chat can start.
      await see(page.getByTestId('prechat-name')).toBeHidden();
      await see(page.getByTestId('prechat-start')).toBeHidden();
      await shoot(page, name);
    }
  }, 180_000);
});

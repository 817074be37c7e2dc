import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseMail, readDemoMailbox } from '@sangdam/mail';
import { createTemplate } from '@sangdam/server/src/services/email/templates.ts';
import { receiveMail } from './email-mail.ts';
import { shoot, signInAvailable, useJourney, useKorean } from './journey-setup.ts';
import { see } from './see.ts';

/** A stand-in for a newsletter's image host: counts what it is asked for. */
async function imageHost(): Promise<{ url: string; hits: string[]; close: () => void }> {
  const hits: string[] = [];
  const pixel = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png' }).end(pixel);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => server.close() };
}

/** A 96×32 blue picture, as a customer's phone might put in a mail by `cid:`. */
const bluePng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAGAAAAAgCAIAAABiouoDAAAATklEQVR4nO3QQQ0AIBDAsNOGFeRjAgd82aPJBCydtY8ezfeDeIAAAQIEKBwgQIAAAQoHCBAgQIDCAQIECBCgcIAAAQIEKBwgQIAAAQp3ARDowQ/2MKXYAAAAAElFTkSuQmCC',
  'base64',
);

/** A reply naming files the server does not have: the answer's code (nothing may be sent). */
async function replyWithUnknownFiles(page: Page, interactionId: string, count: number) {
  return page.evaluate(
    async ({ interactionId, count }) => {
      const session = (await (await fetch('/api/v1/session')).json()) as { csrfToken: string };
      const response = await fetch(`/api/v1/interactions/${interactionId}/email-replies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({
          clientMessageId: crypto.randomUUID(),
          text: 'Files',
          attachmentIds: Array.from({ length: count }, () => crypto.randomUUID()),
        }),
      });
      return { status: response.status, ...((await response.json()) as { code: string }) };
    },
    { interactionId, count },
  );
}

const pixelPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function shootBoth(page: Page, name: string) {
  await shoot(page, `${name}-1440`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await shoot(page, `${name}-1280`);
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('the agent’s email area and quick reply (issue 12)', () => {
  const journey = useJourney();

  it('reads a mail sent from the demo page, answers it with a quick reply, then wraps up', async () => {
    const { url, browser } = journey;
    const agent = await signInAvailable(browser, url);
    const customer = await (
      await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } })
    ).newPage();
    await customer.goto(`${url}/demo/email`);
    await customer.getByTestId('demo-email-name').fill('Seo-yeon Han');
    await customer.getByTestId('demo-email-address').fill('seoyeon.han@example.com');
    await customer.getByTestId('demo-email-subject').fill('Wrong size delivered');
    await customer
      .getByTestId('demo-email-text')
      .fill('I ordered a medium and got a small.\nCan you send the right one?');
    await customer.getByTestId('demo-email-send').click();
    await see(customer.getByTestId('demo-email-status')).toHaveAttribute('data-kind', 'ok');

    // R-EM-1: Accept opens the email area, not the chat timeline; the newest mail is open.
    await agent.getByTestId('offer-accept').click();
    const area = agent.getByTestId('email-area');
    await see(area.getByTestId('email-thread-subject')).toContainText('Wrong size delivered');
    await see(agent.getByTestId('message-list')).toHaveCount(0);
    const mail = area.getByTestId('email-message');
    await see(mail).toHaveAttribute('data-expanded', 'true');
    await see(mail.getByTestId('email-from')).toContainText(
      'Seo-yeon Han <seoyeon.han@example.com>',
    );
    await see(mail.getByTestId('email-to')).toContainText('support@sangdam.local');
    await see(mail.getByTestId('email-subject')).toContainText('Wrong size delivered');
    await see(mail.getByTestId('email-received')).toContainText(String(new Date().getFullYear()));
    await see(mail.getByTestId('email-body-text')).toContainText('Can you send the right one?');
    await see(agent.getByTestId('customer-details')).toContainText('seoyeon.han@example.com');
    await see(agent.getByTestId('end-interaction')).toBeVisible();
    await see(agent.getByTestId('quick-reply')).toContainText('seoyeon.han@example.com');

    // R-EM-2: plain text, Send → the reply in the thread with its delivery → the wrap-up dialog.
    await agent
      .getByTestId('quick-reply-input')
      .fill('Sorry about that!\nA medium is on its way today.');

    // R-EM-5: the limits show before choosing; over them, the choice is refused before upload…
    const files = agent.getByTestId('reply-attachments');
    await see(files.getByTestId('reply-files-limit')).toContainText(
      'Up to 10 files, under 25 MB in total',
    );
    const eleven = Array.from({ length: 11 }, (_, i) => ({
      name: `photo-${i + 1}.pdf`,
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n'),
    }));
    await agent.getByTestId('reply-file-input').setInputFiles(eleven);
    await see(files.getByTestId('reply-files-error')).toContainText('Too many files');
    await see(files.getByTestId('reply-file')).toHaveCount(0);
    // …and by the server, should a client skip the check.
    const interactionId = (await agent
      .getByTestId('interaction-item')
      .getAttribute('data-interaction-id'))!;
    expect(await replyWithUnknownFiles(agent, interactionId, 11)).toMatchObject({
      status: 400,
      code: 'ATTACHMENT_TOO_MANY',
    });
    // A file chosen by mistake: X takes it off the reply and deletes the upload on the server.
    const waitingUploads = async () =>
      (await journey.sangdam.database.db.selectFrom('emailReplyFiles').select('id').execute())
        .length;
    await agent.getByTestId('reply-file-input').setInputFiles({
      name: 'old-slip.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('The slip of another order.\n'),
    });
    await see(files.getByTestId('reply-file')).toContainText('old-slip.txt');
    expect(await waitingUploads()).toBe(1);
    await files.getByTestId('reply-file-remove').click();
    await see(files.getByTestId('reply-file')).toHaveCount(0);
    await expect.poll(waitingUploads).toBe(0);
    // One file goes with the reply: uploaded and scanned, listed with its size, X to remove.
    const slip = Buffer.from('Exchange slip: order 2291, size M instead of S.\n');
    await agent
      .getByTestId('reply-file-input')
      .setInputFiles({ name: 'exchange-slip.txt', mimeType: 'text/plain', buffer: slip });
    await see(files.getByTestId('reply-file')).toContainText('exchange-slip.txt');
    await see(files.getByTestId('reply-file')).toContainText('48 B');
    await see(files.getByTestId('reply-files-error')).toHaveCount(0);
    await shootBoth(agent, 'email-quick-reply-en');
    // Ending with the reply unsent asks first (R-CH-6 holds for email too).
    await agent.getByTestId('end-interaction').click();
    const unsent = agent.getByTestId('unsent-work-dialog');
    await see(unsent).toContainText('is lost when the email ends');
    await see(agent.getByTestId('unsent-leave')).toContainText('End email');
    await agent.getByTestId('unsent-stay').click();
    await see(unsent).toBeHidden();
    await agent.getByTestId('quick-reply-send').click();
    const dialog = agent.getByTestId('wrapup-dialog');
    await see(dialog).toBeVisible();
    const reply = area.locator('[data-testid="email-message"][data-direction="out"]');
    await see(reply.getByTestId('email-status')).toHaveAttribute('data-status', 'sent');
    await see(reply).toContainText('A medium is on its way today.');
    await see(reply).toContainText('Re: Wrong size delivered');
    await shoot(agent, 'email-wrap-up-en');
    await dialog.locator('[data-reason-label="Billing"]').check();
    await agent.getByTestId('wrapup-submit').click();
    await see(dialog).toBeHidden();
    await see(agent.getByTestId('interaction-item')).toHaveCount(0);
    // Signed out, so the next test's mail goes to its own agent.
    await agent.getByTestId('user-menu').click();
    await agent.getByTestId('sign-out').click();
    await see(agent.getByTestId('login-email')).toBeVisible();

    // The customer's mailbox shows the answer under the mail it answers.
    const answer = customer.getByTestId('demo-email-thread').getByTestId('demo-email-answer');
    await see(answer).toContainText('A medium is on its way today.');
    await see(answer).toContainText('Re: Wrong size delivered');
    await see(answer.getByTestId('demo-email-file')).toContainText('exchange-slip.txt (48 B)');
  });

  it('answers with Reply all: a CC chip, a template filled in and every editor tool, received as written', async () => {
    const { url, browser, sangdam } = journey;
    await createTemplate(sangdam.deps, {
      name: 'Exchange',
      category: null,
      bodyHtml: '<p>Dear {{customer.name}},</p><p>Kind regards, {{agent.name}}</p>',
    });
    const agent = await signInAvailable(browser, url);
    const customer = await (
      await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } })
    ).newPage();
    await customer.goto(`${url}/demo/email`);
    await customer.getByTestId('demo-email-name').fill('Hyun-woo Jang');
    await customer.getByTestId('demo-email-address').fill('hyunwoo.jang@example.com');
    await customer.getByTestId('demo-email-subject').fill('Exchange for a larger size');
    await customer.getByTestId('demo-email-text').fill('Can I swap the jacket for an L?');
    await customer.getByTestId('demo-email-send').click();
    await see(customer.getByTestId('demo-email-status')).toHaveAttribute('data-kind', 'ok');
    await agent.getByTestId('offer-accept').click();

    // R-EM-6: each mode's draft is kept on the server: a switch of mode and a reload keep it.
    const compose = agent.getByTestId('standard-reply');
    const editor = compose.locator('.tiptap');
    await agent.getByTestId('email-reply-all').click();
    await see(editor).toHaveAttribute('contenteditable', 'true');
    await editor.click();
    await agent.keyboard.type('Kept as a draft');
    await agent.getByTestId('email-reply').click();
    await see(compose).toHaveAttribute('data-mode', 'reply');
    await see(editor).toHaveAttribute('contenteditable', 'true');
    expect(await editor.textContent()).not.toContain('Kept as a draft');
    await agent.getByTestId('email-reply-all').click();
    await see(editor).toContainText('Kept as a draft');
    await agent.reload();
    await agent.getByTestId('email-reply-all').click();
    await see(editor).toContainText('Kept as a draft');
    await see(editor).toHaveAttribute('contenteditable', 'true');
    await shoot(agent, 'email-draft-restored-en');

    // R-EM-3: To and Subject as the server sends them, not editable; CC as checked chips.
    await see(compose.getByTestId('compose-to')).toContainText('hyunwoo.jang@example.com');
    await see(compose.getByTestId('compose-subject')).toContainText(
      'Re: Exchange for a larger size',
    );
    expect(await compose.getByTestId('compose-to').getAttribute('contenteditable')).toBeNull();
    await see(compose.locator('input[name="to"], input[name="subject"]')).toHaveCount(0);
    const ccInput = compose.getByTestId('compose-cc-input');
    await ccInput.fill('not-an-address');
    await ccInput.press('Enter');
    const chips = compose.getByTestId('compose-cc-chip');
    await see(chips.first()).toHaveAttribute('data-invalid', 'true');
    await see(compose.getByTestId('compose-cc-error')).toContainText(
      'Not an email address: not-an-address',
    );
    await ccInput.press('Backspace');
    await see(chips).toHaveCount(0);
    await ccInput.fill('store.manager@example.com');
    await ccInput.press(',');
    await see(chips).toHaveCount(1);
    await see(chips.first()).toHaveAttribute('data-invalid', 'false');

    // R-EM-4: the template fills the editor with the customer's and the agent's names.
    await compose.getByTestId('compose-template').click();
    await agent.getByRole('option', { name: 'Exchange' }).click();
    const text = compose.locator('.tiptap');
    await see(text).toContainText('Dear Hyun-woo Jang,');
    await see(text).toContainText('Kind regards, Jiwoo Kim');

    // One of our own addresses passes the chip's check; the server refuses it by code.
    await ccInput.fill('support@sangdam.local');
    await ccInput.press('Enter');
    await compose.getByTestId('standard-reply-send').click();
    await see(compose.getByTestId('compose-cc-error')).toContainText(
      'A CC recipient is not a valid email address (or is one of our own).',
    );
    await chips.last().locator('button').click();
    await see(chips).toHaveCount(1);
    await see(compose.getByTestId('compose-cc-error')).toHaveCount(0);

    // Every tool once, by the toolbar.
    const tool = (name: string) => compose.getByTestId(`tool-${name}`);
    const keys = agent.keyboard;
    await text.getByText('Dear Hyun-woo Jang,').click();
    await keys.press('End');
    await keys.press('Enter');
    await tool('heading').click();
    await keys.type('Your exchange');
    await keys.press('Enter');
    for (const [name, word] of [
      ['bold', 'bold'],
      ['italic', 'italic'],
      ['underline', 'underlined'],
      ['strike', 'struck'],
    ] as const) {
      await tool(name).click();
      await keys.type(word);
      await tool(name).click();
      await keys.type(' ');
    }
    await tool('colour').click();
    await agent.locator('[data-testid="tool-colour-swatch"][data-colour="#c92a2a"]').click();
    await keys.type('in red');
    await keys.press('Enter');
    await tool('colour').click();
    await agent.getByRole('menuitem', { name: 'Default colour' }).click();
    await tool('indent').click();
    await tool('indent').click();
    await tool('outdent').click();
    await keys.type('indented once');
    await keys.press('Enter');
    await tool('outdent').click();
    await tool('ordered-list').click();
    await keys.type('first step');
    await keys.press('Enter');
    await keys.press('Enter');
    await tool('bullet-list').click();
    await keys.type('a point');
    await keys.press('Enter');
    await keys.press('Enter');
    await tool('quote').click();
    await keys.type('quoted line');
    await keys.press('Enter');
    await keys.press('Enter');
    await keys.type('Track it in our shop');
    for (let i = 0; i < 'our shop'.length; i += 1) await keys.press('Shift+ArrowLeft');
    await tool('link').click();
    await agent.getByTestId('link-address').fill('https://shop.example.com/orders');
    await agent.getByTestId('link-apply').click();
    await keys.press('End');
    await keys.press('Enter');
    const table = async (item: string) => {
      await tool('table').click();
      await agent.getByTestId(`table-${item}`).click();
    };
    await table('insert');
    await table('add-row');
    await table('add-column');
    await table('delete-row');
    await see(text.locator('table tr')).toHaveCount(3);
    await see(text.locator('table tr').first().locator('td')).toHaveCount(4);
    await table('delete-column');
    await see(text.locator('table tr').first().locator('td')).toHaveCount(3);
    await text.locator('table td').first().click();
    await keys.type('Size L');
    await text.locator('p').last().click();
    const chooser = agent.waitForEvent('filechooser');
    await tool('image').click();
    await (
      await chooser
    ).setFiles({
      name: 'label.png',
      mimeType: 'image/png',
      buffer: Buffer.from(pixelPng, 'base64'),
    });
    await see(text.locator('img')).toHaveCount(1);
    await shootBoth(agent, 'email-standard-reply-en');
    await useKorean(agent);
    await see(agent.getByTestId('email-reply-all')).toContainText('전체 회신');
    await see(compose.getByTestId('standard-reply-note')).toContainText('받는 사람과 제목');
    await tool('table').click();
    await see(agent.getByTestId('table-add-row')).toContainText('아래에 행 추가');
    await shootBoth(agent, 'email-standard-reply-table-ko');
    await keys.press('Escape');
    await shootBoth(agent, 'email-standard-reply-ko');

    // A file goes with the standard reply too (R-EM-5).
    await compose.getByTestId('reply-file-input').setInputFiles({
      name: 'size-chart.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('S 90, M 95, L 100\n'),
    });
    await see(compose.getByTestId('reply-file')).toContainText('size-chart.txt');

    // Send → queued, then sent in the thread → wrap-up; the customer's mail carries it all.
    await compose.getByTestId('standard-reply-send').click();
    await see(agent.getByTestId('wrapup-dialog')).toBeVisible();
    // Sending discarded the draft (R-EM-6).
    expect(await sangdam.deps.db.selectFrom('emailDrafts').selectAll().execute()).toEqual([]);
    const sent = agent
      .getByTestId('email-area')
      .locator('[data-testid="email-message"][data-direction="out"]');
    await see(sent.getByTestId('email-status')).toHaveAttribute('data-status', 'sent');
    const answer = customer.getByTestId('demo-email-thread').getByTestId('demo-email-answer');
    await see(answer).toContainText('Dear Hyun-woo Jang,');
    const raw = (await readDemoMailbox(sangdam.demoMailbox))
      .map((mail) => mail.raw.toString())
      .find((mail) => mail.includes('Exchange for a larger size'))!;
    const mail = await parseMail(Buffer.from(raw));
    expect(mail.cc.map((cc) => cc.address)).toEqual(['store.manager@example.com']);
    const html = mail.html!;
    expect(html).toContain('Dear Hyun-woo Jang,');
    expect(html).toContain('Kind regards, Jiwoo Kim');
    expect(html).toContain('<h1>Your exchange</h1>');
    for (const tag of ['strong', 'em', 'u', 's']) expect(html).toMatch(new RegExp(`<${tag}>`));
    expect(html).toMatch(/<span style="color: ?(#c92a2a|rgb\(201, 42, 42\));?">in red<\/span>/);
    expect(html).toMatch(/<p style="margin-left: ?2em;?">indented once<\/p>/);
    expect(html).toMatch(/<ol><li><p>first step<\/p><\/li><\/ol>/);
    expect(html).toMatch(/<ul><li><p>a point<\/p><\/li><\/ul>/);
    expect(html).toMatch(/<blockquote><p>quoted line<\/p><\/blockquote>/);
    expect(html).toMatch(/<a [^>]*href="https:\/\/shop\.example\.com\/orders"[^>]*>our shop<\/a>/);
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => row[1]!);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.match(/<td/g)).toHaveLength(3);
    expect(html).toContain('Size L');
    const cid = /<img [^>]*src="cid:([^"]+)"/.exec(html)![1];
    expect(mail.attachments).toEqual([
      expect.objectContaining({ contentId: cid, disposition: 'inline', contentType: 'image/png' }),
      expect.objectContaining({ fileName: 'size-chart.txt', contentType: 'text/plain' }),
    ]);
    expect(mail.text).toContain('Track it in our shop');

    const dialog = agent.getByTestId('wrapup-dialog');
    await dialog.locator('input[type="radio"], input[type="checkbox"]').first().check();
    await agent.getByTestId('wrapup-submit').click();
    await see(dialog).toBeHidden();
    await agent.getByTestId('user-menu').click();
    await agent.getByTestId('sign-out').click();
    await see(agent.getByTestId('login-email')).toBeVisible();
  });

  it('shows HTML inert in a frame, folds quotes, blocks remote images, and flags a newer mail', async () => {
    const { url, browser, sangdam } = journey;
    const images = await imageHost();
    try {
      const agent = await signInAvailable(browser, url, 'agent2@sangdam.local');
      const from = { name: 'Minji Park', address: 'minji.park@example.com' };
      const firstId = `${crypto.randomUUID()}@mail.customer.example`;
      await receiveMail(sangdam, {
        from,
        subject: 'Parcel #4411 has not arrived',
        messageId: firstId,
        text: 'My parcel has not arrived.',
        html:
          '<p>Hello, my parcel <b>#4411</b> has not arrived yet.</p>' +
          `<p><img src="${images.url}/logo.png" width="120" height="40" alt="Shop logo"></p>` +
          '<p><a href="https://tracking.example.com/4411">Tracking page</a></p>' +
          '<p><img src="cid:box-photo@minji" width="96" height="32" alt="Box photo"></p>' +
          '<div class="gmail_quote">On Mon, Support &lt;support@sangdam.local&gt; wrote:' +
          '<blockquote><p>Your parcel has shipped.</p></blockquote></div>',
        files: [
          { name: 'box.png', type: 'image/png', content: bluePng, contentId: 'box-photo@minji' },
          {
            name: 'receipt-4411.txt',
            type: 'text/plain',
            content: Buffer.from('Receipt 4411: 1 parcel, paid.\n'),
          },
        ],
      });
      await agent.getByTestId('offer-accept').click();
      const area = agent.getByTestId('email-area');
      const frame = agent.frameLocator('[data-testid="email-body-frame"]').first();
      await see(frame.locator('body')).toContainText('has not arrived yet');
      const sandbox = await area.getByTestId('email-body-frame').getAttribute('sandbox');
      expect(sandbox!.split(' ').sort()).toEqual([
        'allow-popups',
        'allow-popups-to-escape-sandbox',
      ]);

      // The mail's own cid: image shows inline (fetched from the contact's image route); what
      // the frame holds is in the message if it does not (its width, then its src's start).
      await expect
        .poll(
          () =>
            frame
              .locator('img[alt="Box photo"]')
              .evaluate(
                (image: HTMLImageElement) =>
                  `${image.naturalWidth} ${image.getAttribute('src')?.slice(0, 30) ?? 'no src'}`,
              ),
          { timeout: 10_000 },
        )
        .toMatch(/^96 data:image\/png;base64,/);
      // Its other file is listed with its size and downloads.
      const file = area.getByTestId('email-file');
      await see(file).toHaveCount(1);
      await see(file).toContainText('receipt-4411.txt');
      await see(file).toContainText('30 B');
      const [download] = await Promise.all([
        agent.waitForEvent('download'),
        file.getByTestId('email-file-link').click(),
      ]);
      expect(download.suggestedFilename()).toBe('receipt-4411.txt');
      expect(await readFile(await download.path(), 'utf8')).toBe('Receipt 4411: 1 parcel, paid.\n');

      // View original: the stored message's headers and source, as text.
      await area.getByTestId('email-view-original').click();
      const original = agent.getByTestId('email-original');
      await see(original.getByTestId('email-original-headers')).toContainText(
        'Parcel #4411 has not arrived',
      );
      await see(original.getByTestId('email-original-source')).toContainText('receipt-4411.txt');
      await shoot(agent, 'email-original-en');
      await agent.keyboard.press('Escape');
      await see(original.getByTestId('email-original-headers')).toBeHidden();

      // The quoted history is folded behind its own control.
      expect(await frame.locator('body').innerText()).not.toContain('Your parcel has shipped');
      await area.getByTestId('email-quoted-toggle').click();
      await see(frame.locator('body')).toContainText('Your parcel has shipped');

      // Links leave for a new tab without opener or referrer.
      const link = frame.getByText('Tracking page');
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

      // Remote images: nothing is fetched until the agent asks, then they load.
      await see(area.getByTestId('email-show-images')).toContainText('Show images (1)');
      await shootBoth(agent, 'email-area-en');
      expect(images.hits).toEqual([]);
      await area.getByTestId('email-show-images').click();
      await expect.poll(() => images.hits, { timeout: 15_000 }).toEqual(['/logo.png']);
      await see(area.getByTestId('email-images-blocked')).toBeHidden();

      // The customer writes again while the agent reads: a banner, and the new mail highlighted.
      await receiveMail(sangdam, {
        from,
        subject: 'Re: Parcel #4411 has not arrived',
        inReplyTo: firstId,
        text: 'It is still not here.\n\nOn Mon, Minji Park <minji.park@example.com> wrote:\n> Hello, my parcel has not arrived yet.',
      });
      const banner = agent.getByTestId('email-newer-banner');
      await see(banner).toContainText(
        'A newer email arrived — you are not replying to the latest message',
      );
      const newer = area.locator('[data-testid="email-message"][data-newer="true"]');
      await see(newer).toContainText('It is still not here.');
      await see(newer.getByTestId('email-quoted-toggle')).toBeVisible();
      expect(await newer.getByTestId('email-body-text').innerText()).not.toContain('> Hello');
      await shootBoth(agent, 'email-newer-en');
      await agent.getByTestId('email-show-newest').click();
      await see(banner).toBeHidden();

      // R-EM-7: the earlier thread is behind the ellipsis control; each mail folds.
      const earlier = area.getByTestId('email-earlier-toggle');
      await see(earlier).toContainText('Show earlier thread (1 message)');
      await see(area.getByTestId('email-message')).toHaveCount(1);
      await earlier.click();
      await see(area.getByTestId('email-message')).toHaveCount(2);
      const first = area.getByTestId('email-message').first();
      await see(first).toHaveAttribute('data-expanded', 'false');
      await first.getByTestId('email-message-toggle').click();
      await see(first).toHaveAttribute('data-expanded', 'true');
      // The images the agent chose to see stay shown as the mail folds and opens.
      await see(first.getByTestId('email-body-frame')).toBeVisible();
      await see(first.getByTestId('email-images-blocked')).toHaveCount(0);
      await area.getByTestId('email-message').last().getByTestId('email-message-toggle').click();
      await see(area.getByTestId('email-message').last()).toHaveAttribute('data-expanded', 'false');

      await useKorean(agent);
      await see(earlier).toContainText('이전 스레드 숨기기');
      await see(agent.getByTestId('quick-reply')).toContainText('빠른 회신');
      await see(agent.getByTestId('quick-reply-send')).toContainText('보내기');
      await see(agent.getByTestId('reply-files-limit')).toContainText('최대 10개');
      await shootBoth(agent, 'email-area-ko');
      await area.getByTestId('email-view-original').first().click();
      await see(agent.getByTestId('email-original')).toContainText('원본 이메일');
      await shoot(agent, 'email-original-ko');
      await agent.keyboard.press('Escape');
    } finally {
      images.close();
    }
  });
});

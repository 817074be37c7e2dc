import type { ParsedMail } from '@sangdam/mail';
import { corporaDir } from '@sangdam/server/test/corpora.ts';
import { ingestMail } from '@sangdam/server/src/services/email/ingest.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { receiveMail } from './email-mail.ts';
import { signInAvailable, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

// DOMPurify's sanitizer fixtures (shared/corpora/xss-sanitizer): absent in a fresh clone.
const fixtures = join(corporaDir() ?? '/nonexistent', 'xss-sanitizer', 'expect.json');
const payloads = existsSync(fixtures)
  ? (JSON.parse(readFileSync(fixtures, 'utf8')) as { payload: string }[])
      .map((f) => f.payload)
      .filter((p) => p.trim() !== '')
  : [];
// Beside the corpus, every way a mail asks a browser to fetch something (TEST-NET-2 address).
const remote = 'http://198.51.100.7';
const remoteLoads = [
  `<img src="${remote}/pixel.png" width="1" height="1">`,
  `<div style="background-image:url(${remote}/bg.png)">background</div>`,
  `<table background="${remote}/table.png"><tr><td>cell</td></tr></table>`,
  `<link rel="stylesheet" href="${remote}/style.css">`,
  `<iframe src="${remote}/frame.html"></iframe>`,
  `<meta http-equiv="refresh" content="0;url=${remote}/refresh">`,
  `<video poster="${remote}/poster.png" src="${remote}/video.mp4"></video>`,
  `<object data="${remote}/object.swf"></object>`,
];
const hostileHtml = [...remoteLoads, ...payloads]
  .map((payload) => `<div>${payload}</div>`)
  .join('\n');

/** Everything in a mail's frame that could run code or load something. */
function activeContent(frame: Frame): Promise<string[]> {
  return frame.evaluate(() =>
    [...document.querySelectorAll('body *')].flatMap((el) => {
      const found: string[] = [];
      const tag = el.tagName.toUpperCase();
      if (
        [
          'SCRIPT',
          'IFRAME',
          'FRAME',
          'OBJECT',
          'EMBED',
          'FORM',
          'META',
          'LINK',
          'BASE',
          'SVG',
        ].includes(tag)
      ) {
        found.push(`<${tag}>`);
      }
      for (const attr of el.getAttributeNames()) {
        const value = el.getAttribute(attr) ?? '';
        const url = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background'];
        if (
          attr.startsWith('on') ||
          (url.includes(attr) && /^\s*(javascript|vbscript|data:text\/html)/i.test(value))
        ) {
          found.push(`${tag} ${attr}=${value}`);
        }
      }
      return found;
    }),
  );
}

describe.skipIf(payloads.length === 0)(
  'a hostile HTML mail in the email area (shared/corpora)',
  () => {
    const journey = useJourney();

    it('renders the XSS corpus inert: no dialog, no request outside the page', async () => {
      const { url, browser, sangdam } = journey;
      const agent = await signInAvailable(browser, url);
      const dialogs: string[] = [];
      const outside: string[] = [];
      agent.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
      agent.context().on('page', (page) => outside.push(`popup ${page.url()}`));
      agent.on('request', (request) => {
        const target = request.url();
        if (!target.startsWith(url) && !/^(data|about|blob):/.test(target)) outside.push(target);
      });

      // Once as the receiver stores it (sanitised on ingest) …
      const messageId = `${crypto.randomUUID()}@mail.attacker.example`;
      await receiveMail(sangdam, {
        from: { name: 'Eve', address: 'eve@attacker.example' },
        subject: 'Invoice attached',
        messageId,
        text: 'See the invoice.',
        html: hostileHtml,
      });
      await agent.getByTestId('offer-accept').click();
      const area = agent.getByTestId('email-area');
      await see(area.getByTestId('email-body-frame')).toBeVisible();

      // … and once as if the sanitiser had let it all through: the frame alone must hold.
      const raw: ParsedMail = {
        messageId: `${crypto.randomUUID()}@mail.attacker.example`,
        inReplyTo: [messageId],
        references: [messageId],
        from: { address: 'eve@attacker.example', name: 'Eve' },
        replyTo: [],
        to: [{ address: 'support@sangdam.local', name: '' }],
        cc: [],
        subject: 'Re: Invoice attached',
        date: new Date(),
        text: 'Unsanitised.',
        html: `<p>Unsanitised copy</p>${hostileHtml}`,
        attachments: [],
        kind: 'personal',
        reportsOn: undefined,
        size: hostileHtml.length,
      };
      await ingestMail(sangdam.deps, raw, {
        kind: 'smtp',
        envelopeFrom: 'eve@attacker.example',
        recipients: ['support@sangdam.local'],
        remoteAddress: '127.0.0.1',
      });
      await see(area.getByTestId('email-body-frame')).toHaveCount(2);
      const frames = () => agent.frames().filter((frame) => frame !== agent.mainFrame());
      await expect.poll(() => frames().length).toBe(2);
      await see(
        agent.frameLocator('[data-testid="email-body-frame"]').last().locator('body'),
      ).toContainText('Unsanitised copy');
      // Unfold the quoted parts too, and give timers and refreshes their chance.
      for (const toggle of await area.getByTestId('email-quoted-toggle').all())
        await toggle.click();
      await agent.waitForTimeout(2_000);

      for (const frame of frames()) expect(await activeContent(frame)).toEqual([]);
      for (const sandbox of await area
        .getByTestId('email-body-frame')
        .evaluateAll((frames) => frames.map((frame) => frame.getAttribute('sandbox')))) {
        expect(sandbox).toBe('allow-popups allow-popups-to-escape-sandbox');
      }
      expect(dialogs).toEqual([]);
      expect(outside).toEqual([]);
      await see(area.getByTestId('email-show-images')).toHaveCount(2);
    }, 120_000);
  },
);

import { corporaDir } from '@sangdam/server/test/corpora.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { signInAvailable, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

// DOMPurify's sanitizer fixtures (shared/corpora/xss-sanitizer): absent in a fresh clone.
const fixtures = join(corporaDir() ?? '/nonexistent', 'xss-sanitizer', 'expect.json');
const payloads = existsSync(fixtures)
  ? (JSON.parse(readFileSync(fixtures, 'utf8')) as { payload: string }[])
      .map((f) => f.payload)
      .filter((p) => p.trim() !== '' && [...p].length <= 1000)
  : [];

/** Everything inside a rendered message list that could run code. */
function activeContent(list: Locator): Promise<string[]> {
  return list.evaluate((root) =>
    [...root.querySelectorAll('*')].flatMap((el) => {
      const found: string[] = [];
      if (
        ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'FORM', 'FOREIGNOBJECT', 'IMAGE'].includes(
          el.tagName.toUpperCase(),
        )
      ) {
        found.push(`<${el.tagName}>`);
      }
      for (const attr of el.getAttributeNames()) {
        const value = el.getAttribute(attr) ?? '';
        if (attr.startsWith('on') || /^\s*javascript:/i.test(value)) found.push(`${attr}=${value}`);
      }
      return found;
    }),
  );
}

function emit(socket: Socket, event: string, payload: unknown) {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<{ ok: boolean }>;
}

describe.skipIf(payloads.length === 0)('XSS payloads as chat text (shared/corpora)', () => {
  const journey = useJourney();

  it('shows every payload as inert text in the agent desktop and the customer widget', async () => {
    const { url, browser } = journey;
    const dialogs: string[] = [];
    const watch = (page: Page) =>
      page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));

    const agentPage = await signInAvailable(browser, url);
    watch(agentPage);

    const customerPage = await (await browser.newContext({ locale: 'en-US' })).newPage();
    watch(customerPage);
    await customerPage.goto(`${url}/demo`);
    await customerPage.getByTestId('widget-launcher').click();
    await customerPage.getByTestId('prechat-name').fill('<img src=x onerror=alert(1)>');
    await customerPage.getByTestId('prechat-email').fill('xss@example.com');
    await customerPage.getByTestId('prechat-start').click();
    await agentPage.getByTestId('offer-accept').click();
    await see(agentPage.getByTestId('conversation')).toBeVisible();

    // The same customer and agent, sending through their own sessions much faster than typing.
    const saved = await customerPage.evaluate(() => localStorage.getItem('sangdam-widget:default'));
    const { token, interactionId } = JSON.parse(saved!) as { token: string; interactionId: string };
    const cookie = (await agentPage.context().cookies())
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const customer = io(`${url}/customer`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
    });
    const agent = io(`${url}/agent`, {
      extraHeaders: { cookie },
      transports: ['websocket'],
      forceNew: true,
    });
    try {
      for (const text of payloads) {
        expect(
          await emit(customer, 'message:send', { clientMessageId: crypto.randomUUID(), text }),
        ).toMatchObject({ ok: true });
        expect(
          await emit(agent, 'message:send', {
            interactionId,
            clientMessageId: crypto.randomUUID(),
            text,
          }),
        ).toMatchObject({ ok: true });
      }
      for (const socket of [customer, agent]) {
        await emit(socket, 'message:send', {
          interactionId,
          clientMessageId: crypto.randomUUID(),
          text: 'all payloads sent',
        });
      }
    } finally {
      customer.disconnect();
      agent.disconnect();
    }

    const agentList = agentPage.getByTestId('message-list');
    const customerList = customerPage.getByTestId('message-list');
    await expect
      .poll(() => agentList.getByText('all payloads sent').count(), { timeout: 30_000 })
      .toBe(2);
    await expect
      .poll(() => customerList.getByText('all payloads sent').count(), { timeout: 30_000 })
      .toBe(2);
    await see(agentList).toContainText(payloads[0]!.slice(0, 40));
    expect(await activeContent(agentList)).toEqual([]);
    expect(await activeContent(customerList)).toEqual([]);
    expect(dialogs).toEqual([]);
  }, 180_000); // ~2,500 messages through two real UIs: 80 s on a 2-core machine
});

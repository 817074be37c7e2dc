import { createSangdam, type Sangdam } from '@sangdam/server/src/app.ts';
import { loadConfig } from '@sangdam/server/src/config.ts';
import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.ts';
import { see } from './see.ts';

/** An IPv4 address of this machine that is not loopback (what `npm start` serves a LAN on). */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;

/** Refusals (CSP, mixed content) and failed requests a page reports while it is used. */
function watchProblems(page: Page) {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused|Mixed Content|insecure/i.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  return problems;
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
  });
  return context.newPage();
}

async function startChatInWidget(page: Page, text: string) {
  await page.getByTestId('widget-launcher').click();
  await page.getByTestId('prechat-name').fill('Hana Customer');
  await page.getByTestId('prechat-email').fill('hana@example.com');
  await page.getByTestId('prechat-start').click();
  await page.getByTestId('compose-input').fill(text);
  await page.getByTestId('compose-send').click();
}

describe.skipIf(!lanAddress)(
  `over plain HTTP on a non-loopback address (${lanAddress ?? 'skipped: this machine has no non-loopback IPv4 address'})`,
  () => {
    let sangdam: Sangdam;
    let url: string;
    let browser: Browser;
    let shop: Server;
    let shopUrl: string;

    beforeAll(async () => {
      sangdam = await createSangdam(
        loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', PORT: '0' }),
        { sweepEveryMs: 250 },
      );
      url = await sangdam.app.listen({ port: 0, host: lanAddress });
      // A customer's own site, on another origin, that embeds the widget with its one tag.
      shop = createServer((_request, response) => {
        response.setHeader('content-type', 'text/html');
        response.end(
          `<!doctype html><title>Shop</title><h1>Another site</h1>` +
            `<script src="${url}/widget/sangdam-widget.js" data-entry-point="" async></script>`,
        );
      });
      await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
      const address = shop.address();
      shopUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => shop?.close(resolve));
      await sangdam?.close();
    });

    const storedText = async (text: string) => {
      const events = await sangdam.database.db
        .selectFrom('interactionEvents')
        .select('body')
        .where('type', '=', 'message')
        .execute();
      return events.some((event) => JSON.stringify(event.body).includes(text));
    };

    it('shows the desktop, signs in and keeps a live WebSocket under the page CSP', async () => {
      const page = await newPage(browser);
      const problems = watchProblems(page);
      const sockets: string[] = [];
      page.on('websocket', (socket) => {
        socket.on('framereceived', () => sockets.push(socket.url()));
      });
      await page.goto(`${url}/`);
      await page.getByTestId('login-email').fill('agent1@sangdam.local');
      await page.getByTestId('login-password').fill('sangdam-demo');
      await page.getByTestId('login-submit').click();
      await see(page.getByTestId('state-selector')).toHaveAttribute('data-state', 'idle');
      // connect-src 'self' lets the desktop upgrade to ws:// on its own origin.
      await expect
        .poll(() => sockets.some((socket) => socket.startsWith(`ws://${lanAddress}`)))
        .toBe(true);
      expect(problems).toEqual([]);
    });

    it('shows the demo page widget, and a chat started there reaches the server', async () => {
      const page = await newPage(browser);
      const problems = watchProblems(page);
      await page.goto(`${url}/demo`);
      await startChatInWidget(page, 'Hello from the LAN');
      await expect.poll(() => storedText('Hello from the LAN'), { timeout: 15_000 }).toBe(true);
      expect(problems).toEqual([]);
    });

    it('lets the widget embedded on another site start a chat and send a message', async () => {
      const page = await newPage(browser);
      const problems = watchProblems(page);
      await page.goto(shopUrl);
      await startChatInWidget(page, 'Hello from another site');
      await expect
        .poll(() => storedText('Hello from another site'), { timeout: 15_000 })
        .toBe(true);
      expect(problems).toEqual([]);
    });
  },
);

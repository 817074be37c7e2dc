import type { EmailMessage, SessionResponse } from '@sangdam/contracts';
import { parseMail, readDemoMailbox } from '@sangdam/mail';
import { describe, expect, it } from 'vitest';
import { shoot, signInAvailable, useJourney } from './journey-setup.ts';
import { see } from './see.ts';

describe('the email demo page without a relay (issue 11)', () => {
  const journey = useJourney();

  /** The agent's API session (the email screens come with the next issue). */
  async function agentApi() {
    const { url } = journey;
    const login = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent1@sangdam.local', password: 'sangdam-demo' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as SessionResponse;
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken };
    return {
      async reply(interactionId: string, text: string) {
        const sent = await fetch(`${url}/api/v1/interactions/${interactionId}/email-replies`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ clientMessageId: crypto.randomUUID(), text }),
        });
        expect(sent.status).toBe(201);
      },
      async emails(interactionId: string): Promise<EmailMessage[]> {
        const read = await fetch(`${url}/api/v1/interactions/${interactionId}/emails`, { headers });
        expect(read.status).toBe(200);
        return ((await read.json()) as { emails: EmailMessage[] }).emails;
      },
    };
  }

  it('sends a customer’s mail over SMTP, offers it to an agent, and shows the threaded answer', async () => {
    const { url, browser, sangdam } = journey;
    const agent = await signInAvailable(browser, url);
    const customer = await (
      await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } })
    ).newPage();
    await customer.goto(`${url}/demo/email`);
    await see(customer.getByTestId('demo-email-to')).toContainText('support@sangdam.local');
    await customer.getByTestId('demo-email-name').fill('Seo-yeon Han');
    await customer.getByTestId('demo-email-address').fill('seoyeon.han@example.com');
    await customer.getByTestId('demo-email-subject').fill('Wrong size delivered');
    await customer.getByTestId('demo-email-text').fill('I ordered a medium and got a small.');
    await customer.getByTestId('demo-email-send').click();
    await see(customer.getByTestId('demo-email-status')).toHaveAttribute('data-kind', 'ok');
    const thread = customer.getByTestId('demo-email-thread');
    await see(thread).toContainText('Wrong size delivered');

    // The mail went through the receiver into a contact: offered with the email icon and a timer.
    const card = agent.getByTestId('offer-card');
    await see(card).toHaveAttribute('data-channel', 'email');
    await see(card).toContainText('Seo-yeon Han');
    await see(card.getByTestId('offer-email')).toContainText('seoyeon.han@example.com');
    await see(card.getByTestId('offer-timer')).toContainText('0:0');
    await agent.getByTestId('offer-accept').click();
    const conversation = agent.getByTestId('conversation');
    await see(conversation).toContainText('I ordered a medium and got a small.');
    const interactionId = (await conversation.getAttribute('data-interaction-id'))!;

    const api = await agentApi();
    await api.reply(interactionId, 'Sorry about that! A medium is on its way today.');

    // The answer lands in the demo mailbox and shows under the mail it answers.
    const answer = thread.getByTestId('demo-email-answer');
    await see(answer).toContainText('A medium is on its way today.');
    await see(answer).toContainText('Re: Wrong size delivered');
    await answer.scrollIntoViewIfNeeded();
    await shoot(customer, 'email-demo-en');

    const stored = await readDemoMailbox(sangdam.demoMailbox);
    const mails = await Promise.all(stored.map(({ raw }) => parseMail(raw)));
    const reply = mails.find((mail) => mail.text.includes('A medium is on its way'))!;
    const received = (await api.emails(interactionId)).find((mail) => mail.direction === 'in')!;
    const customerMessageId = received.messageId;
    expect(customerMessageId).toMatch(/@demo\.sangdam\.local$/);
    expect(reply.inReplyTo).toEqual([customerMessageId]);
    expect(reply.references).toContain(customerMessageId);
    expect(reply.to.map((to) => to.address)).toEqual(['seoyeon.han@example.com']);

    await customer.goto(`${url}/demo/email?lang=ko`);
    await see(customer.getByTestId('demo-email-send')).toContainText('이메일 보내기');
    await see(customer.getByTestId('demo-email-answer')).toContainText('답장');
    await customer.getByTestId('demo-email-answer').scrollIntoViewIfNeeded();
    await shoot(customer, 'email-demo-ko');
  });
});

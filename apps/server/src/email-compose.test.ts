import type {
  EmailCompose,
  EmailDraft,
  EmailReplyResponse,
  EmailTemplate,
  ErrorBody,
  Interaction,
  InteractionEvent,
  Offer,
  RenderedTemplate,
} from '@sangdam/contracts';
import { parseMail, type ParsedMail } from '@sangdam/mail';
import { startSmtpRelay } from '@sangdam/mail/test/smtp-relay.ts';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsedMail, smtpOrigin } from '../test/mail.ts';
import { ok, startTestServer, type RecordingClient, type TestServer } from '../test/test-server.ts';
import { ingestMail } from './services/email/ingest.ts';

const slow = 60_000;

/**
 * Issue 12 on the server: standard replies (R-EM-3) with To and Subject fixed by the server,
 * email templates (R-EM-4) and drafts (R-EM-6), through the real HTTP API, outbox and an SMTP
 * server stood up here.
 */
describe.each(engines)('email compose on %s', (engine) => {
  let server: TestServer;
  let relay: Awaited<ReturnType<typeof startSmtpRelay>>;
  let agent: RecordingClient;
  let login: { cookie: string; csrf: string };

  beforeEach(async () => {
    relay = await startSmtpRelay([]);
    server = await startTestServer(engine, { SMTP_RELAY_URL: relay.url });
    const { cookie, session } = await server.login('agent1@sangdam.local');
    login = { cookie, csrf: session.csrfToken };
    ({ client: agent } = await server.agentSocket(cookie));
    ok(await agent.send('presence:set', { state: 'available' }));
  });
  afterEach(async () => {
    await server.close();
    await relay.close();
  });

  /** Hana's mail to support, copied to others, accepted by agent1. */
  async function contact(fields: Partial<ParsedMail> = {}) {
    const mail = parsedMail({
      to: [
        { address: 'support@sangdam.local', name: 'Sangdam Support' },
        { address: 'minsu@example.com', name: 'Minsu Lee' },
      ],
      cc: [
        { address: 'support+old@sangdam.local', name: '' },
        { address: 'jisoo@example.com', name: 'Jisoo' },
      ],
      ...fields,
    });
    await ingestMail(server.sangdam.deps, mail, smtpOrigin());
    const offer = await agent.next<Offer>('offer:new', (o) => o.channel === 'email');
    const { interaction } = ok(
      await agent.send<{ interaction: Interaction }>('offer:accept', { offerId: offer.id }),
    );
    return { mail, interaction };
  }

  function call(path: string, method: string, json?: unknown, as = login) {
    return server.request(path, {
      method,
      headers: { cookie: as.cookie, 'x-csrf-token': as.csrf },
      ...(json !== undefined && { json }),
    });
  }
  const reply = (interactionId: string, body: Record<string, unknown>) =>
    call(`/api/v1/interactions/${interactionId}/email-replies`, 'POST', {
      clientMessageId: crypto.randomUUID(),
      ...body,
    });
  const compose = async (interactionId: string) =>
    (await (
      await call(`/api/v1/interactions/${interactionId}/email-compose`, 'GET')
    ).json()) as EmailCompose;
  const putDraft = (interactionId: string, mode: string, body: Record<string, unknown>) =>
    call(`/api/v1/interactions/${interactionId}/email-drafts/${mode}`, 'PUT', body);
  const outbound = () =>
    server.sangdam.database.db
      .selectFrom('emailMessages')
      .select(['id', 'messageId', 'html', 'text', 'templateId'])
      .where('direction', '=', 'out')
      .execute();
  async function refused(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    const body = (await response.json()) as ErrorBody;
    expect(body.code).toBe(code);
    expect(body.message).not.toBe('');
    return body;
  }
  async function adminLogin() {
    const { cookie, session } = await server.login('admin@sangdam.local');
    return { cookie, csrf: session.csrfToken };
  }

  it(
    'sends Reply all to the sender and the other recipients, CC from the original minus ours, as sanitised HTML with a text alternative',
    async () => {
      const { mail, interaction } = await contact();
      const { headers } = await compose(interaction.id);
      expect(headers.reply.to.map((m) => m.address)).toEqual(['hana@example.com']);
      expect(headers.reply.cc).toEqual([]);
      expect(headers.replyAll.to.map((m) => m.address)).toEqual([
        'hana@example.com',
        'minsu@example.com',
      ]);
      expect(headers.replyAll.cc).toEqual(['jisoo@example.com']);
      expect(headers.replyAll.subject).toMatch(new RegExp(`^Re: ${mail.subject} \\[#`));

      const response = await reply(interaction.id, {
        mode: 'replyAll',
        html:
          '<h1>Your order</h1><p>It <b>left</b> today.<script>alert(1)</script>' +
          '<img src="x" onerror="alert(2)"></p><table><tr><td>1042</td></tr></table>',
        cc: [...headers.replyAll.cc, 'Boss@Example.com'],
      });
      expect(response.status).toBe(201);
      const { emailId } = (await response.json()) as EmailReplyResponse;
      await agent.next<InteractionEvent>('interaction:event', (e) => e.type === 'email.sent');
      const [stored] = await outbound();
      expect(stored!.id).toBe(emailId);
      expect(stored!.html).toContain('<h1>Your order</h1>');
      expect(stored!.html).not.toMatch(/script|onerror|alert/);
      expect(stored!.text).toContain('left today.');
      const [raw] = relay.withId(stored!.messageId);
      expect(raw).toContain('multipart/alternative');
      expect(raw).toContain('Content-Type: text/plain');
      expect(raw).toContain('Content-Type: text/html');
      expect(raw).not.toContain('alert(');
      expect(raw).toMatch(/To: Hana Kim <hana@example\.com>,\s+Minsu Lee <minsu@example\.com>/);
      expect(raw).toMatch(/Cc: jisoo@example\.com,\s+boss@example\.com/);
      expect(raw).toContain(`Subject: ${headers.replyAll.subject}`);
    },
    slow,
  );

  it('sends the editor’s indent, colour and table as written, and a pasted picture as an inline cid: part', async () => {
    const { interaction } = await contact();
    const pixel =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const response = await reply(interaction.id, {
      mode: 'reply',
      html:
        '<p style="margin-left: 2em">Indented <span style="color: #e03131">red</span></p>' +
        `<table><tbody><tr><td><p>1</p></td></tr></tbody></table><p><img src="data:image/png;base64,${pixel}"></p>`,
    });
    expect(response.status).toBe(201);
    const { emailId } = (await response.json()) as EmailReplyResponse;
    await server.sangdam.mailSender.drain();
    const stored = (await outbound()).find((mail) => mail.id === emailId)!;
    // The thread shows the picture as written.
    expect(stored.html).toContain(`src="data:image/png;base64,${pixel}"`);
    await expect.poll(() => relay.withId(stored.messageId).length).toBe(1);
    const [raw] = relay.withId(stored.messageId);
    const sent = await parseMail(Buffer.from(raw!));
    expect(sent.html).toMatch(/margin-left: ?2em/);
    expect(sent.html).toMatch(/color: ?#e03131/);
    expect(sent.html).toContain('<td><p>1</p></td>');
    expect(sent.html).not.toContain('data:image');
    const cid = /src="cid:([^"]+)"/.exec(sent.html ?? '')![1];
    expect(sent.attachments).toEqual([
      expect.objectContaining({ contentId: cid, disposition: 'inline', contentType: 'image/png' }),
    ]);
    expect(Buffer.from(sent.attachments[0]!.content).toString('base64')).toBe(pixel);
  });

  it('masks card data in a standard reply’s HTML and text, and sends text only when a number is split across elements', async () => {
    const { interaction } = await contact();
    const masked = await reply(interaction.id, {
      mode: 'reply',
      html: '<p>Is your card <i>4111 1111 1111 1111</i>?</p>',
    });
    const first = (await masked.json()) as EmailReplyResponse;
    expect(first.event).toMatchObject({ redactedTypes: ['CREDIT_CARD'] });
    const split = await reply(interaction.id, {
      mode: 'reply',
      html: '<p>Card 4111 <b>1111</b> 1111 1111</p>',
    });
    expect(split.status).toBe(201);
    const second = (await split.json()) as EmailReplyResponse;
    await server.sangdam.mailSender.drain();
    const byId = new Map((await outbound()).map((mail) => [mail.id, mail]));
    expect(byId.get(first.emailId)!.html).toBe('<p>Is your card <i>**** **** **** 1111</i>?</p>');
    // Masked node by node it would read "**** <b>1111</b> 1111 1111": twelve digits shown.
    expect(byId.get(second.emailId)).toMatchObject({
      html: null,
      text: 'Card **** **** **** 1111',
    });
    for (const mail of byId.values()) {
      expect(`${mail.html} ${mail.text}`).not.toMatch(/1111 1111|4111 1111/);
    }
    await expect.poll(() => relay.received.length).toBe(2);
    expect(relay.received.join('')).not.toMatch(/1111 1111|4111 1111/);
  });

  it('refuses a client’s To or Subject, a bad CC and a template on a quick reply, and sends nothing', async () => {
    const { interaction } = await contact();
    await refused(
      await reply(interaction.id, { mode: 'reply', html: '<p>Hi</p>', to: ['evil@example.com'] }),
      400,
      'EMAIL_HEADERS_FIXED',
    );
    await refused(
      await reply(interaction.id, { text: 'Hi', subject: 'Something else' }),
      400,
      'EMAIL_HEADERS_FIXED',
    );
    for (const cc of [['not-an-address'], ['support+x@sangdam.local']]) {
      await refused(
        await reply(interaction.id, { mode: 'reply', html: '<p>Hi</p>', cc }),
        400,
        'EMAIL_CC_INVALID',
      );
    }
    await refused(
      await reply(interaction.id, { text: 'Hi', templateId: crypto.randomUUID() }),
      400,
      'EMAIL_TEMPLATE_NOT_ALLOWED',
    );
    await refused(
      await reply(interaction.id, { mode: 'reply', html: '<script>alert(1)</script>' }),
      400,
      'MESSAGE_EMPTY',
    );
    expect(await outbound()).toEqual([]);
    await server.sangdam.mailSender.drain();
    expect(relay.received).toEqual([]);
  });

  it('refuses a reply once the contact was transferred away, and one from an agent who never held it', async () => {
    const { interaction } = await contact();
    const stranger = await server.login('agent2@sangdam.local');
    await refused(
      await call(
        `/api/v1/interactions/${interaction.id}/email-replies`,
        'POST',
        { clientMessageId: crypto.randomUUID(), text: 'Hi' },
        { cookie: stranger.cookie, csrf: stranger.session.csrfToken },
      ),
      403,
      'NOT_A_PARTICIPANT',
    );
    ok(
      await agent.send('transfer:start', {
        interactionId: interaction.id,
        to: { kind: 'queue', queueId: interaction.queue.id },
      }),
    );
    await refused(await reply(interaction.id, { text: 'Too late' }), 403, 'NOT_A_PARTICIPANT');
    await refused(
      await putDraft(interaction.id, 'quick', { expectedVersion: null, body: 'x' }),
      403,
      'NOT_A_PARTICIPANT',
    );
    expect(await outbound()).toEqual([]);
    await server.sangdam.mailSender.drain();
    expect(relay.received).toEqual([]);
  });

  it('keeps one draft per mode by compare-and-set, for its agent only, and sending discards it', async () => {
    const { interaction } = await contact();
    const created = await putDraft(interaction.id, 'reply', {
      expectedVersion: null,
      body: '<p>First</p>',
      cc: ['jisoo@example.com'],
    });
    expect(created.status).toBe(200);
    const { draft: v1 } = (await created.json()) as { draft: EmailDraft };
    expect(v1).toMatchObject({ mode: 'reply', version: 1, cc: ['jisoo@example.com'] });
    const { draft: v2 } = (await (
      await putDraft(interaction.id, 'reply', { expectedVersion: 1, body: '<p>Second</p>' })
    ).json()) as { draft: EmailDraft };
    expect(v2.version).toBe(2);

    // Another tab still at version 1, or one that thinks there is no draft: told, given v2.
    for (const expectedVersion of [1, null]) {
      const conflict = await refused(
        await putDraft(interaction.id, 'reply', { expectedVersion, body: '<p>Stale</p>' }),
        409,
        'DRAFT_CONFLICT',
      );
      expect(conflict.draft).toMatchObject({ version: 2, body: '<p>Second</p>' });
    }
    await putDraft(interaction.id, 'quick', { expectedVersion: null, body: 'Plain' });
    expect((await compose(interaction.id)).drafts.map((d) => [d.mode, d.body])).toEqual([
      ['quick', 'Plain'],
      ['reply', '<p>Second</p>'],
    ]);
    await refused(
      await putDraft(interaction.id, 'quick', {
        expectedVersion: 1,
        body: 'Plain',
        templateId: crypto.randomUUID(),
      }),
      400,
      'EMAIL_TEMPLATE_NOT_ALLOWED',
    );

    const other = await server.login('agent2@sangdam.local');
    await refused(
      await call(`/api/v1/interactions/${interaction.id}/email-compose`, 'GET', undefined, {
        cookie: other.cookie,
        csrf: other.session.csrfToken,
      }),
      403,
      'NOT_A_PARTICIPANT',
    );

    expect((await reply(interaction.id, { mode: 'reply', html: '<p>Second</p>' })).status).toBe(
      201,
    );
    expect((await compose(interaction.id)).drafts.map((d) => d.mode)).toEqual(['quick']);
    const gone = await refused(
      await putDraft(interaction.id, 'reply', { expectedVersion: 2, body: '<p>Late</p>' }),
      409,
      'DRAFT_CONFLICT',
    );
    expect(gone.draft).toBeNull();
  });

  it('lets admins keep templates, which the agent holding a contact gets filled in and escaped', async () => {
    const admin = await adminLogin();
    const templatesPath = '/api/v1/admin/email-templates';
    const create = (json: unknown, as = admin) => call(templatesPath, 'POST', json, as);
    const made = await create({
      name: 'Delivery delay',
      bodyHtml:
        '<p>Dear {{customer.name}},</p><p onclick="x()">{{ order.id }}</p>' +
        '<p>— {{agent.name}}</p><script>alert(1)</script>',
      category: 'Orders',
    });
    expect(made.status).toBe(201);
    const { template } = (await made.json()) as { template: EmailTemplate };
    expect(template.bodyHtml).not.toMatch(/script|onclick/);
    await refused(
      await create({ name: ' delivery DELAY ', bodyHtml: '<p>x</p>', category: null }),
      409,
      'NAME_TAKEN',
    );
    await refused(
      await create({ name: 'Mine', bodyHtml: '<p>x</p>', category: null }, login),
      403,
      'FORBIDDEN',
    );
    await refused(
      await create({ name: '', bodyHtml: '<p>x</p>', category: null }),
      400,
      'VALIDATION_FAILED',
    );

    const listed = (await (await call('/api/v1/email-templates', 'GET')).json()) as {
      templates: EmailTemplate[];
    };
    expect(listed.templates.map((t) => t.name)).toEqual(['Delivery delay']);

    const { interaction } = await contact({
      from: { address: 'hana@example.com', name: 'Hana <Kim> & Co' },
    });
    const rendered = (await (
      await call(`/api/v1/interactions/${interaction.id}/email-templates/${template.id}`, 'GET')
    ).json()) as RenderedTemplate;
    // agent1's profile display name is Jiwoo Kim; the customer's name is escaped.
    expect(rendered.html).toBe(
      '<p>Dear Hana &lt;Kim&gt; &amp; Co,</p><p>{{ order.id }}</p><p>— Jiwoo Kim</p>',
    );
    const other = await server.login('agent2@sangdam.local');
    await refused(
      await call(
        `/api/v1/interactions/${interaction.id}/email-templates/${template.id}`,
        'GET',
        undefined,
        {
          cookie: other.cookie,
          csrf: other.session.csrfToken,
        },
      ),
      403,
      'NOT_A_PARTICIPANT',
    );

    expect(
      (await reply(interaction.id, { mode: 'reply', html: rendered.html, templateId: template.id }))
        .status,
    ).toBe(201);
    expect((await outbound())[0]!.templateId).toBe(template.id);

    expect((await call(`${templatesPath}/${template.id}`, 'DELETE', undefined, admin)).status).toBe(
      204,
    );
    await refused(
      await call(`/api/v1/interactions/${interaction.id}/email-templates/${template.id}`, 'GET'),
      404,
      'NOT_FOUND',
    );
    // The sent reply keeps its text; it no longer names the deleted template.
    expect((await outbound())[0]).toMatchObject({ templateId: null });
  });
});

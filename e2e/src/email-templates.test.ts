import type { EmailTemplate } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { openAdminTab, shoot, useJourney, useKorean } from './journey-setup.ts';
import { see } from './see.ts';

describe('email templates in Administration (R-EM-4)', () => {
  const journey = useJourney();

  it('lets an admin write a template with variables, which is stored sanitised and listed', async () => {
    const { browser, url } = journey;
    const admin = await openAdminTab(browser, url, 'emailTemplates');
    await see(admin.getByTestId('admin-email-templates')).toBeVisible();
    await see(admin.getByTestId('admin-page')).toContainText('{{customer.name}}');
    await see(admin.getByTestId('admin-page')).toContainText('{{agent.name}}');

    await admin.getByTestId('admin-add-email-template').click();
    await admin.getByTestId('admin-email-template-name').fill('Delivery delay');
    await admin.getByTestId('admin-email-template-category').fill('Orders');
    await admin
      .getByTestId('admin-email-template-body')
      .fill(
        '<p>Dear {{customer.name}},</p>\n<p>Your parcel is <b>on its way</b>; it left our ' +
          'warehouse today.</p>\n<p>Kind regards,<br>{{agent.name}}</p><script>alert(1)</script>',
      );
    await shoot(admin, 'email-templates-form-en');
    await admin.getByTestId('admin-save').click();
    await see(admin.getByTestId('admin-email-template-form')).toBeHidden();
    const rows = admin.getByTestId('admin-email-template-row');
    await see(rows).toHaveCount(1);
    await see(rows.first()).toContainText('Delivery delay');
    await see(rows.first()).toContainText('Dear {{customer.name}}');

    const stored = (await (await admin.request.get(`${url}/api/v1/email-templates`)).json()) as {
      templates: EmailTemplate[];
    };
    expect(stored.templates).toHaveLength(1);
    expect(stored.templates[0]!.bodyHtml).toContain('<b>on its way</b>');
    expect(stored.templates[0]!.bodyHtml).not.toContain('script');
    await shoot(admin, 'email-templates-en');

    await useKorean(admin);
    await see(admin.getByTestId('admin-tab-emailTemplates')).toContainText('이메일 템플릿');
    await shoot(admin, 'email-templates-ko');
    await rows.first().getByTestId('admin-edit').click();
    await see(admin.getByTestId('admin-email-template-form')).toBeVisible();
    await shoot(admin, 'email-templates-form-ko');
  });
});

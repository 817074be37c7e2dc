import { Badge, Code, Table, Text } from '@mantine/core';
import type { EmailTemplate } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { EmailTemplateForm } from './email-template-form.tsx';
import { EntityTablePanel } from './entity-table-panel.tsx';

/** The text a template's HTML shows, for the list (the server sanitised the HTML). */
function textOf(html: string): string {
  // Line breaks and block ends read as spaces, or "regards,<br>Jiwoo" runs together.
  const spaced = html.replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|tr|td)>/gi, '$& ');
  return new DOMParser().parseFromString(spaced, 'text/html').body.textContent ?? '';
}

/** Email templates (R-EM-4): what agents start a Reply / Reply all from. */
export function EmailTemplatesPanel({
  templates,
  canEdit,
}: {
  templates: readonly EmailTemplate[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const categories = [
    ...new Set(templates.flatMap((r) => (r.category === null ? [] : [r.category]))),
  ];
  return (
    <EntityTablePanel
      items={templates}
      canEdit={canEdit}
      addLabel={t('emailTemplates.add')}
      hint={
        <Text size="sm" c="dimmed">
          {t('emailTemplates.variablesHint')} <Code>{'{{customer.name}}'}</Code>{' '}
          {t('emailTemplates.customerName')}, <Code>{'{{agent.name}}'}</Code>{' '}
          {t('emailTemplates.agentName')}.
        </Text>
      }
      testIds={{
        add: 'admin-add-email-template',
        table: 'admin-email-templates',
        row: 'admin-email-template-row',
      }}
      head={
        <>
          <Table.Th w="26%">{t('emailTemplates.name')}</Table.Th>
          <Table.Th w="16%">{t('emailTemplates.category')}</Table.Th>
          <Table.Th>{t('emailTemplates.body')}</Table.Th>
        </>
      }
      cells={(template) => (
        <>
          <Table.Td>
            <Text size="sm" fw={500}>
              {template.name}
            </Text>
          </Table.Td>
          <Table.Td>
            {template.category !== null && (
              <Badge size="sm" variant="light" color="gray" tt="none" maw="100%">
                {template.category}
              </Badge>
            )}
          </Table.Td>
          <Table.Td>
            <Text size="sm" c="dimmed" lineClamp={2}>
              {textOf(template.bodyHtml)}
            </Text>
          </Table.Td>
        </>
      )}
      deleteTarget={(template) => ({
        name: template.name,
        path: `/email-templates/${template.id}`,
      })}
      form={(template, onClose) => (
        <EmailTemplateForm template={template} categories={categories} onClose={onClose} />
      )}
    />
  );
}

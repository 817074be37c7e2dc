import { Badge, Table, Text } from '@mantine/core';
import type { PredefinedResponse } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { EntityTablePanel } from './entity-table-panel.tsx';
import { ResponseForm } from './response-form.tsx';

/** Predefined chat responses (R-CH-4): what agents insert from the compose box. */
export function ResponsesPanel({
  responses,
  canEdit,
}: {
  responses: readonly PredefinedResponse[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const categories = [
    ...new Set(responses.flatMap((r) => (r.category === null ? [] : [r.category]))),
  ];
  return (
    <EntityTablePanel
      items={responses}
      canEdit={canEdit}
      addLabel={t('responses.add')}
      testIds={{ add: 'admin-add-response', table: 'admin-responses', row: 'admin-response-row' }}
      head={
        <>
          <Table.Th w="26%">{t('responses.title')}</Table.Th>
          <Table.Th w="16%">{t('responses.category')}</Table.Th>
          <Table.Th>{t('responses.text')}</Table.Th>
        </>
      }
      cells={(response) => (
        <>
          <Table.Td>
            <Text size="sm" fw={500}>
              {response.title}
            </Text>
          </Table.Td>
          <Table.Td>
            {response.category !== null && (
              <Badge size="sm" variant="light" color="gray" tt="none" maw="100%">
                {response.category}
              </Badge>
            )}
          </Table.Td>
          <Table.Td>
            <Text size="sm" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-line' }}>
              {response.text}
            </Text>
          </Table.Td>
        </>
      )}
      deleteTarget={(response) => ({
        name: response.title,
        path: `/predefined-responses/${response.id}`,
      })}
      form={(response, onClose) => (
        <ResponseForm response={response} categories={categories} onClose={onClose} />
      )}
    />
  );
}

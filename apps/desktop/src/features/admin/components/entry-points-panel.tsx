import { ActionIcon, Badge, CopyButton, Group, Table, Text, Tooltip } from '@mantine/core';
import type { AdminEntryPoint, AdminQueue } from '@sangdam/contracts';
import { IconCheck, IconCode } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EntityTablePanel } from './entity-table-panel.tsx';
import { EntryPointForm } from './entry-point-form.tsx';

/** The one tag a site embeds for this entry point (the widget's script from this server). */
export function embedSnippet(entryPointId: string, origin = window.location.origin): string {
  return `<script src="${origin}/widget/sangdam-widget.js" data-entry-point="${entryPointId}" async></script>`;
}

/** Chat entry points (§7): pre-chat form, greeting, virtual assistant, queue, embed snippet. */
export function EntryPointsPanel({
  entryPoints,
  queues,
  canEdit,
}: {
  entryPoints: readonly AdminEntryPoint[];
  queues: readonly AdminQueue[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  return (
    <EntityTablePanel
      items={entryPoints}
      canEdit={canEdit}
      addLabel={t('entryPoints.add')}
      testIds={{
        add: 'admin-add-entry-point',
        table: 'admin-entry-points',
        row: 'admin-entry-point-row',
      }}
      head={
        <>
          <Table.Th w="24%">{t('entryPoints.name')}</Table.Th>
          <Table.Th w="18%">{t('entryPoints.queue')}</Table.Th>
          <Table.Th w="18%">{t('entryPoints.prechat')}</Table.Th>
          <Table.Th>{t('entryPoints.assistant')}</Table.Th>
        </>
      }
      cells={(entryPoint) => (
        <>
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={500}>
                {entryPoint.name}
              </Text>
              {entryPoint.isDefault && (
                <Badge size="xs" variant="light">
                  {t('entryPoints.default')}
                </Badge>
              )}
            </Group>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{entryPoint.queue.name}</Text>
          </Table.Td>
          <Table.Td>
            <Text size="xs" c="dimmed">
              {t('entryPoints.nameField')}: {t(`entryPoints.${entryPoint.nameField}`)}
              <br />
              {t('entryPoints.emailField')}: {t(`entryPoints.${entryPoint.emailField}`)}
            </Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm" lineClamp={1}>
              {entryPoint.greeting}
            </Text>
            <Text size="xs" c="dimmed">
              {entryPoint.answers.length === 0
                ? t('entryPoints.noAnswers')
                : t('entryPoints.answersCount', { count: entryPoint.answers.length })}
            </Text>
          </Table.Td>
        </>
      )}
      rowActions={(entryPoint) => (
        <CopyButton value={embedSnippet(entryPoint.id)}>
          {({ copied, copy }) => (
            <Tooltip label={t(copied ? 'entryPoints.copied' : 'entryPoints.copySnippet')}>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={t('entryPoints.copySnippet')}
                data-testid="admin-entry-point-copy"
              >
                {copied ? <IconCheck size={16} /> : <IconCode size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      )}
      // The default one serves the widget without an entry point: it stays.
      deleteTarget={(entryPoint) =>
        entryPoint.isDefault
          ? null
          : {
              name: entryPoint.name,
              path: `/entry-points/${entryPoint.id}`,
              body: t('entryPoints.deleteBody'),
            }
      }
      form={(entryPoint, onClose) => (
        <EntryPointForm
          entryPoint={entryPoint}
          chatQueues={queues.filter((queue) => queue.channel === 'chat')}
          onClose={onClose}
        />
      )}
    />
  );
}

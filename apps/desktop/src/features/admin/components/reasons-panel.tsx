import { Badge, Group, Table, Text } from '@mantine/core';
import type { AdminReason, ReasonKind } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { EntityTablePanel } from './entity-table-panel.tsx';
import { ReasonForm } from './reason-form.tsx';

/** Wrap-up reasons (R-WU-1, R-WU-2) or idle reasons (R-AV-1): label, order, one default. */
export function ReasonsPanel({
  kind,
  reasons,
  canEdit,
}: {
  kind: ReasonKind;
  reasons: readonly AdminReason[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const nextOrder = Math.min(999, Math.max(-1, ...reasons.map((r) => r.sortOrder)) + 1);
  return (
    <EntityTablePanel
      items={reasons}
      canEdit={canEdit}
      addLabel={t(kind === 'idle' ? 'reasons.addIdle' : 'reasons.addWrapUp')}
      testIds={{
        add: `admin-add-reason-${kind}`,
        table: `admin-reasons-${kind}`,
        row: 'admin-reason-row',
      }}
      head={
        <>
          <Table.Th w={80}>{t('reasons.order')}</Table.Th>
          <Table.Th>{t('reasons.label')}</Table.Th>
        </>
      }
      cells={(reason) => (
        <>
          <Table.Td c="dimmed">{reason.sortOrder}</Table.Td>
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <Text size="sm">{reason.label}</Text>
              {reason.isDefault && (
                <Badge size="xs" variant="light">
                  {t('common.default')}
                </Badge>
              )}
            </Group>
          </Table.Td>
        </>
      )}
      deleteTarget={(reason) => ({ name: reason.label, path: `/reasons/${kind}/${reason.id}` })}
      form={(reason, onClose) => (
        <ReasonForm kind={kind} reason={reason} nextOrder={nextOrder} onClose={onClose} />
      )}
    />
  );
}

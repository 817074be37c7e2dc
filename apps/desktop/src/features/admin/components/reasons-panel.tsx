import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { AdminReason, ReasonKind } from '@sangdam/contracts';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDelete } from './confirm-delete.tsx';
import { ReasonForm } from './reason-form.tsx';
import { RowActions } from './row-actions.tsx';

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
  const [editing, setEditing] = useState<AdminReason | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AdminReason | null>(null);
  const nextOrder = Math.min(999, Math.max(-1, ...reasons.map((r) => r.sortOrder)) + 1);
  return (
    <Stack gap="md">
      <Group justify="flex-end">
        {canEdit && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing('new')}
            data-testid={`admin-add-reason-${kind}`}
          >
            {t(kind === 'idle' ? 'reasons.addIdle' : 'reasons.addWrapUp')}
          </Button>
        )}
      </Group>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid={`admin-reasons-${kind}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>{t('reasons.order')}</Table.Th>
            <Table.Th>{t('reasons.label')}</Table.Th>
            {canEdit && <Table.Th w={80} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reasons.map((reason) => (
            <Table.Tr key={reason.id} data-testid="admin-reason-row">
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
              {canEdit && (
                <Table.Td>
                  <RowActions
                    onEdit={() => setEditing(reason)}
                    onDelete={() => setDeleting(reason)}
                  />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {reasons.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {editing && (
        <ReasonForm
          kind={kind}
          reason={editing === 'new' ? null : editing}
          nextOrder={nextOrder}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDelete
        target={deleting && { name: deleting.label, path: `/reasons/${kind}/${deleting.id}` }}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

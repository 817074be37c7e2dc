import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDelete } from './confirm-delete.tsx';
import { RowActions } from './row-actions.tsx';

interface EntityTablePanelProps<T extends { id: string }> {
  items: readonly T[];
  canEdit: boolean;
  /** The create button's label. */
  addLabel: string;
  testIds: { add: string; table: string; row: string };
  /** A line above the table, beside the create button. */
  hint?: ReactNode;
  /** The header cells, without the actions column. */
  head: ReactNode;
  /** A row's cells, without its actions. */
  cells: (item: T) => ReactNode;
  /** What the delete confirmation names and the path it deletes; absent: no delete. */
  deleteTarget?: (item: T) => { name: string; path: string };
  /** More buttons of a row, before edit. */
  rowActions?: (item: T) => ReactNode;
  /** The create (item null) or edit dialog. */
  form: (item: T | null, onClose: () => void) => ReactNode;
}

/** A list of things admins create, edit and delete: create button, table, dialogs. */
export function EntityTablePanel<T extends { id: string }>(props: EntityTablePanelProps<T>) {
  const { t } = useTranslation('admin');
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const { canEdit, items, testIds } = props;
  return (
    <Stack gap="md">
      <Group justify={props.hint ? 'space-between' : 'flex-end'} wrap="nowrap" align="flex-start">
        {props.hint}
        {canEdit && (
          <Button
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing('new')}
            data-testid={testIds.add}
          >
            {props.addLabel}
          </Button>
        )}
      </Group>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid={testIds.table}>
        <Table.Thead>
          <Table.Tr>
            {props.head}
            {canEdit && <Table.Th w={props.rowActions ? 120 : 80} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id} data-testid={testIds.row}>
              {props.cells(item)}
              {canEdit && (
                <Table.Td>
                  <RowActions
                    onEdit={() => setEditing(item)}
                    {...(props.deleteTarget && { onDelete: () => setDeleting(item) })}
                  >
                    {props.rowActions?.(item)}
                  </RowActions>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {editing && props.form(editing === 'new' ? null : editing, () => setEditing(null))}
      <ConfirmDelete
        target={deleting && (props.deleteTarget?.(deleting) ?? null)}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

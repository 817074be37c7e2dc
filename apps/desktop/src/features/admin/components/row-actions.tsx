import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** One icon button of a table row, labelled by its tooltip. */
export function RowAction(props: {
  label: string;
  color: string;
  icon: ReactNode;
  onClick: () => void;
  testId: string;
}) {
  return (
    <Tooltip label={props.label}>
      <ActionIcon
        variant="subtle"
        color={props.color}
        onClick={props.onClick}
        aria-label={props.label}
        data-testid={props.testId}
      >
        {props.icon}
      </ActionIcon>
    </Tooltip>
  );
}

/** Edit and (optionally) delete buttons at the end of a table row, after any `children`. */
export function RowActions({
  onEdit,
  onDelete,
  children,
}: {
  onEdit: () => void;
  onDelete?: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation('admin');
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {children}
      <RowAction
        label={t('common.edit')}
        color="gray"
        icon={<IconPencil size={16} />}
        onClick={onEdit}
        testId="admin-edit"
      />
      {onDelete && (
        <RowAction
          label={t('common.delete')}
          color="red"
          icon={<IconTrash size={16} />}
          onClick={onDelete}
          testId="admin-delete"
        />
      )}
    </Group>
  );
}

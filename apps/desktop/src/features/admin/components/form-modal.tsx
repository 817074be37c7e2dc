import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerError } from './server-error.tsx';

interface FormModalProps {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  saving: boolean;
  error: unknown;
  children: ReactNode;
  testId: string;
  /** Wider for forms with lists (the entry point's answers). */
  size?: 'md' | 'lg' | 'xl';
}

/** A create/edit dialog, open while mounted: fields, the server's error if any, Cancel and Save. */
export function FormModal(props: FormModalProps) {
  const { t } = useTranslation('admin');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={<Text fw={600}>{props.title}</Text>}
      size={props.size ?? 'md'}
      centered
      attributes={{ content: { 'data-testid': props.testId } }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {props.children}
          <ServerError error={props.error} />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={props.saving} data-testid="admin-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Badge, Stack, Table, Text } from '@mantine/core';
import type { AdminEmailAddress, AdminQueue } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { EmailAddressForm } from './email-address-form.tsx';
import { EntityTablePanel } from './entity-table-panel.tsx';
import { ImapStatusBadge } from './imap-status-badge.tsx';

/** The organisation's email addresses: where their mail is queued and read from. */
export function EmailAddressesPanel({
  emailAddresses,
  queues,
  canEdit,
}: {
  emailAddresses: readonly AdminEmailAddress[];
  queues: readonly AdminQueue[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  return (
    <EntityTablePanel
      items={emailAddresses}
      canEdit={canEdit}
      addLabel={t('emailAddresses.add')}
      testIds={{
        add: 'admin-add-email-address',
        table: 'admin-email-addresses',
        row: 'admin-email-address-row',
      }}
      head={
        <>
          <Table.Th w="26%">{t('emailAddresses.address')}</Table.Th>
          <Table.Th w="18%">{t('emailAddresses.displayName')}</Table.Th>
          <Table.Th w="16%">{t('emailAddresses.queue')}</Table.Th>
          <Table.Th>{t('emailAddresses.source')}</Table.Th>
        </>
      }
      cells={(address) => (
        <>
          <Table.Td>
            <Text size="sm" fw={500}>
              {address.address}
            </Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{address.displayName}</Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{address.queue.name}</Text>
          </Table.Td>
          <Table.Td>
            {address.imap ? (
              <Stack gap={4} align="flex-start">
                <Badge size="sm" variant="light" color="grape" tt="none" maw="100%">
                  {t('emailAddresses.imapSource', {
                    user: address.imap.user,
                    host: address.imap.host,
                  })}
                </Badge>
                <ImapStatusBadge status={address.imap.status} />
              </Stack>
            ) : (
              <Badge size="sm" variant="light" color="gray" tt="none">
                {t('emailAddresses.smtpSource')}
              </Badge>
            )}
          </Table.Td>
        </>
      )}
      deleteTarget={(address) => ({
        name: address.address,
        path: `/email-addresses/${address.id}`,
      })}
      form={(address, onClose) => (
        <EmailAddressForm emailAddress={address} queues={queues} onClose={onClose} />
      )}
    />
  );
}

import { Group, NumberInput, PasswordInput, Select, Switch, TextInput } from '@mantine/core';
import type { AdminEmailAddress, AdminQueue } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useEntityForm } from '../hooks/use-entity-form.ts';
import { validateEmailAddress, type EmailAddressForm as Values } from '../model/validate.ts';
import { FormModal } from './form-modal.tsx';

/** Create (emailAddress null) or edit an email address: its queue and optional IMAP mailbox. */
export function EmailAddressForm({
  emailAddress,
  queues,
  onClose,
}: {
  emailAddress: AdminEmailAddress | null;
  queues: readonly AdminQueue[];
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const emailQueues = queues.filter((q) => q.channel === 'email');
  const imap = emailAddress?.imap ?? null;
  const { form, modal } = useEntityForm({
    initial: {
      address: emailAddress?.address ?? '',
      displayName: emailAddress?.displayName ?? '',
      queueId: emailAddress?.queue.id ?? emailQueues[0]?.id ?? '',
      imapOn: imap !== null,
      host: imap?.host ?? '',
      port: imap?.port ?? 993,
      tls: imap?.tls ?? true,
      user: imap?.user ?? '',
      password: '',
      folder: imap?.folder ?? 'INBOX',
      hasPassword: imap !== null,
    } satisfies Values,
    validate: validateEmailAddress,
    write: (csrf, values: Values) =>
      adminWrites.saveEmailAddress(csrf, emailAddress?.id ?? null, {
        address: values.address.trim(),
        displayName: values.displayName.trim(),
        queueId: values.queueId,
        imap: values.imapOn
          ? {
              host: values.host.trim(),
              port: Number(values.port),
              tls: values.tls,
              user: values.user.trim(),
              folder: values.folder.trim(),
              ...(values.password !== '' && { password: values.password }),
            }
          : null,
      }),
    onClose,
  });
  const { values } = form;
  return (
    <FormModal
      title={t(emailAddress ? 'emailAddresses.editTitle' : 'emailAddresses.createTitle')}
      testId="admin-email-address-form"
      {...modal}
    >
      <TextInput
        label={t('emailAddresses.address')}
        description={t('emailAddresses.addressHint')}
        required
        type="email"
        data-testid="admin-email-address"
        {...form.text('address')}
      />
      <TextInput
        label={t('emailAddresses.displayName')}
        description={t('emailAddresses.displayNameHint')}
        data-testid="admin-email-display-name"
        {...form.text('displayName')}
      />
      <Select
        label={t('emailAddresses.queue')}
        description={t('emailAddresses.queueHint')}
        required
        allowDeselect={false}
        data-testid="admin-email-queue"
        data={emailQueues.map((q) => ({ value: q.id, label: q.name }))}
        value={values.queueId || null}
        onChange={(value) => form.set('queueId', value ?? '')}
        {...form.field('queueId')}
      />
      <Switch
        label={t('emailAddresses.imapOn')}
        description={t('emailAddresses.imapHint')}
        checked={values.imapOn}
        onChange={(event) => form.set('imapOn', event.currentTarget.checked)}
        data-testid="admin-email-imap"
      />
      {values.imapOn && (
        <>
          <Group grow align="flex-start">
            <TextInput
              label={t('emailAddresses.host')}
              required
              data-testid="admin-email-imap-host"
              {...form.text('host')}
            />
            <NumberInput
              label={t('emailAddresses.port')}
              required
              min={1}
              max={65535}
              allowDecimal={false}
              maw={120}
              value={values.port}
              onChange={(value) => form.set('port', typeof value === 'number' ? value : '')}
              {...form.field('port')}
            />
          </Group>
          <Switch
            label={t('emailAddresses.tls')}
            checked={values.tls}
            onChange={(event) => form.set('tls', event.currentTarget.checked)}
          />
          <TextInput
            label={t('emailAddresses.user')}
            required
            autoComplete="off"
            data-testid="admin-email-imap-user"
            {...form.text('user')}
          />
          <PasswordInput
            label={t('emailAddresses.password')}
            description={t(
              values.hasPassword ? 'emailAddresses.passwordKeep' : 'emailAddresses.passwordHint',
            )}
            required={!values.hasPassword}
            autoComplete="new-password"
            data-testid="admin-email-imap-password"
            {...form.text('password')}
          />
          <TextInput label={t('emailAddresses.folder')} required {...form.text('folder')} />
        </>
      )}
    </FormModal>
  );
}

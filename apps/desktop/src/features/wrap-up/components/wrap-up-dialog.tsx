import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconHourglass, IconSearch } from '@tabler/icons-react';
import { limits, type Interaction, type Reason } from '@sangdam/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useNow } from '../../../lib/use-now.ts';
import { useReferenceData } from '../../reference/hooks/use-reference-data.ts';
import { useHoldWrapUp, useSubmitWrapUp } from '../hooks/use-submit-wrap-up.ts';
import { wrapUpSecondsLeft } from '../model/countdown.ts';
import { filterReasons, initialSelection } from '../model/filter-reasons.ts';

interface WrapUpDialogProps {
  interaction: Interaction;
  opened: boolean;
  onClose: () => void;
}

/**
 * R-WU-1: one or more wrap-up reasons, searchable, the default one ticked. R-WU-2: with the
 * channel's countdown, the server records the default reason at zero and the dialog closes.
 */
export function WrapUpDialog({ interaction, opened, onClose }: WrapUpDialogProps) {
  const { t } = useTranslation();
  const reference = useReferenceData();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{t('wrapUp.title')}</Text>}
      size="md"
      centered
      attributes={{ content: { 'data-testid': 'wrapup-dialog' } }}
    >
      {reference.data ? (
        <WrapUpForm
          interaction={interaction}
          reasons={reference.data.wrapUpReasons}
          onClose={onClose}
        />
      ) : reference.isError ? (
        <Alert color="red">{errorText(t, reference.error)}</Alert>
      ) : (
        <Loader size="sm" />
      )}
    </Modal>
  );
}

interface WrapUpFormProps {
  interaction: Interaction;
  reasons: readonly Reason[];
  onClose: () => void;
}

function WrapUpForm({ interaction, reasons, onClose }: WrapUpFormProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string[]>(() => initialSelection(reasons));
  const submit = useSubmitWrapUp(interaction.id);
  const visible = useMemo(() => filterReasons(reasons, query), [reasons, query]);
  const tooMany = selected.length > limits.wrapUpReasonsMax;

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('wrapUp.subtitle', { name: interaction.customer.name })}
      </Text>
      {interaction.wrapUpDueAt !== null && <Countdown interaction={interaction} />}
      <TextInput
        placeholder={t('wrapUp.search')}
        aria-label={t('wrapUp.search')}
        leftSection={<IconSearch size={16} />}
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        data-testid="wrapup-search"
        data-autofocus
      />
      <Checkbox.Group value={selected} onChange={setSelected} label={t('wrapUp.reason')}>
        <ScrollArea.Autosize mah={280} type="auto" mt="xs">
          <Stack gap={10} py={4}>
            {visible.map((reason) => (
              <Checkbox
                key={reason.id}
                value={reason.id}
                label={
                  <Group gap={6}>
                    <span>{reason.label}</span>
                    {reason.isDefault && (
                      <Badge size="xs" variant="light" color="gray">
                        {t('wrapUp.default')}
                      </Badge>
                    )}
                  </Group>
                }
                data-testid="wrapup-reason"
                data-reason-label={reason.label}
              />
            ))}
            {visible.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('wrapUp.noMatch')}
              </Text>
            )}
          </Stack>
        </ScrollArea.Autosize>
      </Checkbox.Group>
      {submit.isError && (
        <Alert color="red" variant="light" role="alert">
          {errorText(t, submit.error)}
        </Alert>
      )}
      <Group justify="space-between" mt="xs">
        <Text size="xs" c={tooMany ? 'red.7' : 'dimmed'}>
          {t('wrapUp.selected', { count: selected.length })}
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('wrapUp.later')}
          </Button>
          <Button
            onClick={() => submit.mutate(selected, { onSuccess: onClose })}
            disabled={selected.length === 0 || tooMany}
            loading={submit.isPending}
            data-testid="wrapup-submit"
          >
            {t('wrapUp.submit')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

/** Seconds until the default reason is recorded, and "Keep open" when the admin allows it. */
function Countdown({ interaction }: { interaction: Interaction }) {
  const { t } = useTranslation();
  const now = useNow();
  const hold = useHoldWrapUp(interaction.id);
  const seconds = wrapUpSecondsLeft(interaction.wrapUpDueAt, now) ?? 0;
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconHourglass size={18} />}
      p="xs"
      data-testid="wrapup-countdown"
      data-seconds={seconds}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" aria-live="polite">
          {seconds > 0 ? t('wrapUp.countdown', { seconds }) : t('wrapUp.recording')}
        </Text>
        {interaction.wrapUpCancellable && (
          <Button
            size="compact-sm"
            variant="default"
            title={t('wrapUp.keepOpenHint')}
            loading={hold.isPending}
            onClick={() => hold.mutate()}
            style={{ flexShrink: 0 }}
            data-testid="wrapup-keep-open"
          >
            {t('wrapUp.keepOpen')}
          </Button>
        )}
      </Group>
      {hold.isError && (
        <Text size="xs" c="red.7" mt={4} role="alert">
          {errorText(t, hold.error)}
        </Text>
      )}
    </Alert>
  );
}

import { Group, NumberInput, Stack, Switch, TagsInput } from '@mantine/core';
import {
  attachmentLimits,
  channelTotalLimitMax,
  type Channel,
  type ChannelSetting,
} from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { checkWholeNumber, type NumberValue } from '../model/validate.ts';
import { SettingsCard } from './settings-card.tsx';

const channels = ['chat', 'email'] as const;
const megabyte = 1024 * 1024;

interface ChannelValues {
  enabled: boolean;
  extensions: string[];
  maxFiles: NumberValue;
  /** Whole megabytes; one message's files together stay under it. */
  totalMb: NumberValue;
}
type Values = Record<Channel, ChannelValues>;

/** What an admin types as an extension: `.PDF`, `pdf` → `pdf`; refused unless letters and digits. */
function normaliseExtension(value: string): string | null {
  const extension = value.trim().replace(/^\./, '').toLowerCase();
  return /^[a-z0-9]{1,10}$/.test(extension) ? extension : null;
}

/**
 * R-CH-5 / SPEC §6: per channel, whether files may be sent, the allowed extensions (the seed's
 * list by default, extendable), how many files one message may carry and their total size (chat
 * under 35 MB, email under 25 MB).
 */
export function ChannelAttachments({
  settings,
  canEdit,
}: {
  settings: readonly ChannelSetting[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  const valuesOf = (channel: Channel): ChannelValues => {
    const policy = settings.find((s) => s.channel === channel)?.attachments;
    return {
      enabled: policy?.enabled ?? true,
      extensions: policy?.extensions ?? [],
      maxFiles: policy?.maxFiles ?? '',
      totalMb: policy ? Math.floor(policy.totalLimitBytes / megabyte) : '',
    };
  };
  const [values, setValues] = useState<Values>(() => ({
    chat: valuesOf('chat'),
    email: valuesOf('email'),
  }));
  const maxMb = (channel: Channel) => channelTotalLimitMax(channel) / megabyte;
  const problems = (channel: Channel) => {
    const own = values[channel];
    return {
      maxFiles: checkWholeNumber(own.maxFiles, 1, attachmentLimits.maxFilesMax),
      totalMb: checkWholeNumber(own.totalMb, 1, maxMb(channel)),
      extensions: own.extensions.length === 0,
    };
  };
  const invalid = channels.some((channel) => {
    const p = problems(channel);
    return p.maxFiles !== undefined || p.totalMb !== undefined || p.extensions;
  });
  const write = useAdminWrite(async (csrf, saved: Values) => {
    for (const channel of channels) {
      const setting = settings.find((s) => s.channel === channel);
      if (!setting) continue;
      await adminWrites.setChannelTimeout(csrf, channel, {
        offerTimeoutSeconds: setting.offerTimeoutSeconds,
        attachments: {
          enabled: saved[channel].enabled,
          extensions: saved[channel].extensions,
          maxFiles: Number(saved[channel].maxFiles),
          totalLimitBytes: Number(saved[channel].totalMb) * megabyte,
        },
      });
    }
  });
  const update = (channel: Channel, patch: Partial<ChannelValues>) =>
    setValues((current) => ({ ...current, [channel]: { ...current[channel], ...patch } }));

  return (
    <SettingsCard
      testId="admin-channel-attachments"
      title={t('queues.attachments')}
      hint={t('queues.attachmentsHint')}
      canEdit={canEdit}
      write={write}
      saveDisabled={invalid}
      onSave={(saved) => write.mutate(values, saved)}
    >
      <Group align="flex-start" gap="xl">
        {channels.map((channel) => {
          const own = values[channel];
          const p = problems(channel);
          const range = (min: number, max: number) => t('validation.range', { min, max });
          return (
            <Stack key={channel} gap={8} w={340}>
              <Switch
                label={t(`common.${channel}`)}
                checked={own.enabled}
                onChange={(event) => update(channel, { enabled: event.currentTarget.checked })}
                disabled={!canEdit}
                data-testid={`admin-attachments-enabled-${channel}`}
              />
              <TagsInput
                label={t('queues.attachmentsExtensions')}
                value={own.extensions}
                onChange={(list) =>
                  update(channel, {
                    extensions: [
                      ...new Set(list.map(normaliseExtension).filter((e) => e !== null)),
                    ],
                  })
                }
                maxTags={attachmentLimits.extensionsMax}
                error={p.extensions ? t('queues.attachmentsExtensionsRequired') : undefined}
                disabled={!canEdit || !own.enabled}
                clearable
                data-testid={`admin-attachments-extensions-${channel}`}
              />
              <Group gap="md" align="flex-start">
                <NumberInput
                  label={t('queues.attachmentsMaxFiles')}
                  w={140}
                  min={1}
                  max={attachmentLimits.maxFilesMax}
                  allowDecimal={false}
                  clampBehavior="none"
                  value={own.maxFiles}
                  onChange={(value) =>
                    update(channel, { maxFiles: typeof value === 'number' ? value : '' })
                  }
                  error={p.maxFiles && range(1, attachmentLimits.maxFilesMax)}
                  disabled={!canEdit || !own.enabled}
                  data-testid={`admin-attachments-max-files-${channel}`}
                />
                <NumberInput
                  label={t('queues.attachmentsTotal')}
                  suffix=" MB"
                  w={160}
                  min={1}
                  max={maxMb(channel)}
                  allowDecimal={false}
                  clampBehavior="none"
                  value={own.totalMb}
                  onChange={(value) =>
                    update(channel, { totalMb: typeof value === 'number' ? value : '' })
                  }
                  error={p.totalMb && range(1, maxMb(channel))}
                  disabled={!canEdit || !own.enabled}
                  data-testid={`admin-attachments-total-${channel}`}
                />
              </Group>
            </Stack>
          );
        })}
      </Group>
    </SettingsCard>
  );
}

import { Button, Group, Paper, Radio, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PciPolicyDto } from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminWrites } from '../api/admin-api.ts';
import { useAdminWrite } from '../hooks/use-admin-data.ts';
import { ServerError } from './server-error.tsx';

/** R-PCI-2: per channel, mask card and personal data (default) or block the whole message. */
export function PciPolicies({
  policies,
  canEdit,
}: {
  policies: readonly PciPolicyDto[];
  canEdit: boolean;
}) {
  const { t } = useTranslation('admin');
  return (
    <Stack gap="md" data-testid="admin-pci">
      <Text size="sm" c="dimmed" maw={720}>
        {t('pci.hint')}
      </Text>
      {policies.map((policy) => (
        <PolicyCard key={policy.channel} policy={policy} canEdit={canEdit} />
      ))}
    </Stack>
  );
}

function PolicyCard({ policy, canEdit }: { policy: PciPolicyDto; canEdit: boolean }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(policy);
  const write = useAdminWrite((csrf, value: PciPolicyDto) => adminWrites.setPciPolicy(csrf, value));
  const changed =
    draft.action !== policy.action ||
    draft.allowUnscannableAttachments !== policy.allowUnscannableAttachments;
  return (
    <Paper withBorder p="md" radius="sm" data-testid={`admin-pci-${policy.channel}`}>
      <Stack gap="sm">
        <Text fw={600} size="sm">
          {t(`common.${policy.channel}`)}
        </Text>
        <Radio.Group
          label={t('pci.action')}
          value={draft.action}
          onChange={(action) => setDraft({ ...draft, action: action })}
        >
          <Stack gap={6} mt={6}>
            {(['redact', 'drop'] as const).map((action) => (
              <Radio
                key={action}
                value={action}
                label={t(`pci.${action}`)}
                disabled={!canEdit}
                data-testid={`admin-pci-${policy.channel}-${action}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Switch
          label={t('pci.unscannable')}
          checked={draft.allowUnscannableAttachments}
          disabled={!canEdit}
          onChange={(event) =>
            setDraft({ ...draft, allowUnscannableAttachments: event.currentTarget.checked })
          }
        />
        {canEdit && (
          <Group>
            <Button
              variant="light"
              disabled={!changed}
              loading={write.isPending}
              onClick={() =>
                write.mutate(draft, {
                  onSuccess: () => notifications.show({ message: t('common.saved') }),
                })
              }
              data-testid={`admin-pci-${policy.channel}-save`}
            >
              {t('common.save')}
            </Button>
          </Group>
        )}
        <ServerError error={write.error} />
      </Stack>
    </Paper>
  );
}

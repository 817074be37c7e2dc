import { DataList, Stack, Text, Title } from '@mantine/core';
import type { Interaction } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';

/** R-CH-1: who the agent is talking to and where the contact came from. */
export function CustomerDetails({ interaction }: { interaction: Interaction | null }) {
  const { t, i18n } = useTranslation();
  if (!interaction) {
    return (
      <Text size="sm" c="dimmed" p="md">
        {t('customer.noneSelected')}
      </Text>
    );
  }
  const started = new Date(interaction.createdAt).toLocaleString(i18n.resolvedLanguage, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const rows = [
    { label: t('customer.name'), value: interaction.customer.name },
    { label: t('customer.email'), value: interaction.customer.email ?? t('customer.none') },
    { label: t('customer.queue'), value: interaction.queue.name },
    { label: t('customer.channel'), value: t(`offers.${interaction.channel}`) },
    { label: t('customer.started'), value: started },
  ];
  return (
    <Stack gap="sm" p="md" data-testid="customer-details">
      <Title order={6} tt="uppercase" c="dimmed" fz="xs">
        {t('customer.title')}
      </Title>
      <DataList orientation="vertical" gap="sm" size="sm">
        {rows.map((row) => (
          <DataList.Item key={row.label}>
            <DataList.ItemLabel>{row.label}</DataList.ItemLabel>
            <DataList.ItemValue>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {row.value}
              </Text>
            </DataList.ItemValue>
          </DataList.Item>
        ))}
      </DataList>
    </Stack>
  );
}

import { Group, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DraftNotice } from '../model/draft-sync.ts';

/** R-EM-6: a calm line when another tab's draft was taken, or this tab's saved over it. */
export function DraftNote({ notice }: { notice: DraftNotice }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" px="xs" py={2} data-testid="draft-note" data-notice={notice}>
      <IconDeviceFloppy size={14} color="var(--mantine-color-gray-6)" style={{ flexShrink: 0 }} />
      <Text size="xs" c="dimmed" role="status">
        {t(notice === 'tookStored' ? 'compose.draftTookStored' : 'compose.draftKeptLocal')}
      </Text>
    </Group>
  );
}

import { ThemeIcon } from '@mantine/core';
import { IconMail, IconMessageCircle } from '@tabler/icons-react';
import type { Channel } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';

export const channelColors = { chat: 'blue', email: 'grape' } as const;

/** The chat / email icon of R-AV-3, used by offers and the contact list alike. */
export function ChannelIcon({ channel, size = 28 }: { channel: Channel; size?: number }) {
  const { t } = useTranslation();
  const Icon = channel === 'chat' ? IconMessageCircle : IconMail;
  return (
    <ThemeIcon
      variant="light"
      color={channelColors[channel]}
      size={size}
      radius="xl"
      aria-label={t(`offers.${channel}`)}
      data-channel={channel}
    >
      <Icon size={Math.round(size * 0.6)} stroke={1.8} />
    </ThemeIcon>
  );
}

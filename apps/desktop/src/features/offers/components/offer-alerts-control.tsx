import { ActionIcon, Menu, Text } from '@mantine/core';
import { IconBell, IconBellOff, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useOfferAlertSettings } from '../hooks/use-offer-alerts.ts';

/** The header's bell: mute offer sounds and notifications, allow desktop notifications. */
export function OfferAlertsControl() {
  const { t } = useTranslation();
  const { muted, permission, setMuted, requestPermission } = useOfferAlertSettings();
  const label = muted ? t('offerAlerts.muted') : t('offerAlerts.on');
  return (
    <Menu position="bottom-end" width={280} shadow="md">
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color={muted ? 'gray' : 'indigo'}
          size="lg"
          aria-label={label}
          title={label}
          data-testid="offer-alerts"
          data-muted={muted}
        >
          {muted ? <IconBellOff size={18} /> : <IconBell size={18} />}
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('offerAlerts.title')}</Menu.Label>
        <Menu.Item
          leftSection={<IconBell size={14} />}
          rightSection={muted ? null : <IconCheck size={14} />}
          onClick={() => setMuted(false)}
          data-testid="offer-alerts-on"
        >
          {t('offerAlerts.soundOn')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconBellOff size={14} />}
          rightSection={muted ? <IconCheck size={14} /> : null}
          onClick={() => setMuted(true)}
          data-testid="offer-alerts-mute"
        >
          {t('offerAlerts.mute')}
        </Menu.Item>
        <Menu.Divider />
        {permission === 'default' && (
          <Menu.Item onClick={() => void requestPermission()} data-testid="offer-alerts-allow">
            {t('offerAlerts.allow')}
          </Menu.Item>
        )}
        {permission !== 'default' && (
          <Text size="xs" c="dimmed" px="sm" py={6} data-testid="offer-alerts-permission">
            {t(`offerAlerts.permission.${permission}`)}
          </Text>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

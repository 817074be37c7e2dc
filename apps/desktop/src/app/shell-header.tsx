import { Badge, Button, Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconActivity, IconHeadset, IconLayoutDashboard, IconSettings } from '@tabler/icons-react';
import type { User } from '@sangdam/contracts';
import { useTranslation } from 'react-i18next';
import { UserMenu } from '../features/auth/components/user-menu.tsx';
import { OfferAlertsControl } from '../features/offers/components/offer-alerts-control.tsx';
import { StateSelector } from '../features/presence/components/state-selector.tsx';
import { LanguageSwitch } from '../features/settings/components/language-switch.tsx';
import { useAgentState } from '../realtime/realtime-context.tsx';

export type DeskView = 'desk' | 'admin' | 'live';

interface ShellHeaderProps {
  user: User;
  view: DeskView;
  onViewChange: (view: DeskView) => void;
}

function ConnectionBadge() {
  const { t } = useTranslation();
  const connected = useAgentState((state) => state.connection === 'connected');
  if (connected) return null;
  return (
    <Badge
      color="orange"
      variant="light"
      leftSection={<Loader size={10} color="orange" />}
      data-testid="connection-status"
    >
      {t('app.reconnecting')}
    </Badge>
  );
}

export function ShellHeader({ user, view, onViewChange }: ShellHeaderProps) {
  const { t } = useTranslation();
  const navButton = (target: DeskView, label: string, icon: ReactNode, testId: string) => (
    <Button
      size="compact-sm"
      variant={view === target ? 'light' : 'subtle'}
      color={view === target ? 'indigo' : 'gray'}
      leftSection={icon}
      onClick={() => onViewChange(target)}
      aria-current={view === target ? 'page' : undefined}
      data-testid={testId}
    >
      {label}
    </Button>
  );
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="lg" wrap="nowrap">
        <Group gap={8} wrap="nowrap">
          <IconHeadset size={24} stroke={1.6} color="var(--mantine-color-indigo-6)" />
          <Text fw={700} size="lg">
            {t('app.name')}
          </Text>
        </Group>
        {user.role !== 'agent' && (
          <Group gap={4} wrap="nowrap">
            {navButton('desk', t('app.workspace'), <IconLayoutDashboard size={16} />, 'nav-desk')}
            {navButton('live', t('app.liveView'), <IconActivity size={16} />, 'nav-live')}
            {/* Supervisors see the configuration read-only; only admins change it. */}
            {navButton('admin', t('app.admin'), <IconSettings size={16} />, 'nav-admin')}
          </Group>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap">
        <ConnectionBadge />
        <OfferAlertsControl />
        <StateSelector />
        <LanguageSwitch />
        <UserMenu user={user} />
      </Group>
    </Group>
  );
}

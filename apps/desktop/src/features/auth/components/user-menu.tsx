import { Avatar, Menu, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconLogout } from '@tabler/icons-react';
import type { User } from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, toAppError } from '../../../lib/app-error.ts';
import { useAgentState } from '../../../realtime/realtime-context.tsx';
import { useSignOut } from '../hooks/use-session.ts';
import { ChangePasswordDialog } from './change-password-dialog.tsx';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * The user's own account: change password, sign out. Signing out is blocked while an offer is
 * pending (R-AV-6) and refused while contacts are open, naming them.
 */
export function UserMenu({ user }: { user: User }) {
  const { t } = useTranslation();
  const hasOffers = useAgentState((state) => state.offers.length > 0);
  const signOut = useSignOut();
  const [changingPassword, setChangingPassword] = useState(false);

  const handleSignOut = () => {
    signOut.mutate(undefined, {
      onError: (error) => {
        const { code, contacts } = toAppError(error);
        if (code === 'OPEN_CONTACTS' && contacts.length > 0) {
          notifications.show({
            color: 'red',
            title: t('auth.openContactsTitle'),
            message: t('auth.openContactsBody', {
              names: contacts.map((contact) => contact.customerName).join(', '),
            }),
            autoClose: 8000,
          });
          return;
        }
        notifications.show({ color: 'red', message: errorText(t, error) });
      },
    });
  };

  return (
    <>
      <Menu position="bottom-end" width={240}>
        <Menu.Target>
          <UnstyledButton aria-label={user.displayName} data-testid="user-menu">
            <Avatar size={30} radius="xl" color="indigo">
              {initials(user.displayName)}
            </Avatar>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="var(--mantine-color-text)">
              {user.displayName}
            </Text>
            <Text size="xs" c="dimmed">
              {user.email}
            </Text>
          </Menu.Label>
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconKey size={16} />}
            onClick={() => setChangingPassword(true)}
            data-testid="change-password"
          >
            {t('auth.changePassword')}
          </Menu.Item>
          <Tooltip label={t('auth.signOutBlocked')} disabled={!hasOffers} position="left" withArrow>
            <div>
              <Menu.Item
                leftSection={<IconLogout size={16} />}
                disabled={hasOffers || signOut.isPending}
                onClick={handleSignOut}
                data-testid="sign-out"
              >
                {t('auth.signOut')}
              </Menu.Item>
            </div>
          </Tooltip>
        </Menu.Dropdown>
      </Menu>
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </>
  );
}

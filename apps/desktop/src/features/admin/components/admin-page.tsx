import { Alert, ScrollArea, Stack, Tabs, Title } from '@mantine/core';
import {
  IconClockPause,
  IconClipboardCheck,
  IconGauge,
  IconListDetails,
  IconMail,
  IconMailFast,
  IconMessage2Bolt,
  IconMessageChatbot,
  IconShieldLock,
  IconStack2,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  useAdminEntryPoints,
  useAdminEmailAddresses,
  useAdminEmailTemplates,
  useAdminProfiles,
  useAdminQueues,
  useAdminReasons,
  useAdminResponses,
  useAdminTeams,
  useAdminUsers,
  useCanEdit,
  useChannelSettings,
  useCustomerLimits,
  usePciPolicies,
} from '../hooks/use-admin-data.ts';
import { registerAdminStrings } from '../i18n/register.ts';
import { CustomerLimitsCard } from './customer-limits-card.tsx';
import { EntryPointsPanel } from './entry-points-panel.tsx';
import { EmailAddressesPanel } from './email-addresses-panel.tsx';
import { EmailTemplatesPanel } from './email-templates-panel.tsx';
import { combine, Loadable } from './loadable.tsx';
import { PciPolicies } from './pci-policies.tsx';
import { ProfilesPanel } from './profiles-panel.tsx';
import { QueuesPanel } from './queues-panel.tsx';
import { ReasonsPanel } from './reasons-panel.tsx';
import { ResponsesPanel } from './responses-panel.tsx';
import { TeamsPanel } from './teams-panel.tsx';
import { UsersPanel } from './users-panel.tsx';

registerAdminStrings();

/** Admin screens; loaded on demand so agents never download them. Supervisors only read. */
export function AdminPage() {
  const { t } = useTranslation('admin');
  const canEdit = useCanEdit();
  const users = useAdminUsers();
  const teams = useAdminTeams();
  const queues = useAdminQueues();
  const channels = useChannelSettings();
  const profiles = useAdminProfiles();
  const wrapUp = useAdminReasons('wrap-up');
  const idle = useAdminReasons('idle');
  const responses = useAdminResponses();
  const entryPoints = useAdminEntryPoints();
  const emailAddresses = useAdminEmailAddresses();
  const emailTemplates = useAdminEmailTemplates();
  const pci = usePciPolicies();
  const customerLimits = useCustomerLimits();
  const tabs = [
    { value: 'users', icon: IconUsers },
    { value: 'teams', icon: IconUsersGroup },
    { value: 'queues', icon: IconListDetails },
    { value: 'profiles', icon: IconStack2 },
    { value: 'emailAddresses', icon: IconMail },
    { value: 'wrapUp', icon: IconClipboardCheck },
    { value: 'idle', icon: IconClockPause },
    { value: 'responses', icon: IconMessage2Bolt },
    { value: 'emailTemplates', icon: IconMailFast },
    { value: 'entryPoints', icon: IconMessageChatbot },
    { value: 'pci', icon: IconShieldLock },
    { value: 'limits', icon: IconGauge },
  ] as const;

  return (
    <ScrollArea h="100%">
      <Stack p="lg" gap="md" maw={1200} data-testid="admin-page">
        <Title order={3}>{t('title')}</Title>
        {!canEdit && (
          <Alert color="gray" variant="light" py="xs">
            {t('readOnly')}
          </Alert>
        )}
        <Tabs defaultValue="users" keepMounted={false}>
          <Tabs.List>
            {tabs.map(({ value, icon: Icon }) => (
              <Tabs.Tab
                key={value}
                value={value}
                leftSection={<Icon size={16} />}
                data-testid={`admin-tab-${value}`}
              >
                {t(`tabs.${value}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="users" pt="md">
            <Loadable query={combine(users, teams, profiles)}>
              {([u, tm, p]) => <UsersPanel users={u} teams={tm} profiles={p} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="teams" pt="md">
            <Loadable query={combine(teams, profiles, queues, users)}>
              {([tm, p, q, u]) => (
                <TeamsPanel teams={tm} profiles={p} queues={q} users={u} canEdit={canEdit} />
              )}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="queues" pt="md">
            <Loadable query={combine(queues, teams, channels)}>
              {([q, tm, c]) => <QueuesPanel queues={q} teams={tm} channels={c} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="profiles" pt="md">
            <Loadable query={profiles}>
              {(p) => <ProfilesPanel profiles={p} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="emailAddresses" pt="md">
            <Loadable query={combine(emailAddresses, queues)}>
              {([e, q]) => <EmailAddressesPanel emailAddresses={e} queues={q} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="wrapUp" pt="md">
            <Loadable query={wrapUp}>
              {(r) => <ReasonsPanel kind="wrap-up" reasons={r} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="idle" pt="md">
            <Loadable query={idle}>
              {(r) => <ReasonsPanel kind="idle" reasons={r} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="responses" pt="md">
            <Loadable query={responses}>
              {(r) => <ResponsesPanel responses={r} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="emailTemplates" pt="md">
            <Loadable query={emailTemplates}>
              {(e) => <EmailTemplatesPanel templates={e} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="entryPoints" pt="md">
            <Loadable query={combine(entryPoints, queues)}>
              {([e, q]) => <EntryPointsPanel entryPoints={e} queues={q} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="pci" pt="md">
            <Loadable query={pci}>{(p) => <PciPolicies policies={p} canEdit={canEdit} />}</Loadable>
          </Tabs.Panel>
          <Tabs.Panel value="limits" pt="md">
            <Loadable query={customerLimits}>
              {(l) => <CustomerLimitsCard limits={l} canEdit={canEdit} />}
            </Loadable>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}

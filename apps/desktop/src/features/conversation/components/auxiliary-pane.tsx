import { Tabs } from '@mantine/core';
import { IconHistory, IconUser } from '@tabler/icons-react';
import type { Interaction, User } from '@sangdam/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContactHistoryPanel } from '../../contact-history/components/contact-history-panel.tsx';
import { CustomerDetails } from './customer-details.tsx';

type AuxTab = 'customer' | 'history';

/** The auxiliary pane beside the conversation: customer details and contact history (R-CH-7). */
export function AuxiliaryPane({
  interaction,
  user,
}: {
  interaction: Interaction | null;
  user: User;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<AuxTab>('customer');
  return (
    <Tabs
      value={tab}
      onChange={(value) => setTab(value === 'history' ? 'history' : 'customer')}
      keepMounted={false}
      h="100%"
      style={{ display: 'flex', flexDirection: 'column' }}
    >
      <Tabs.List>
        <Tabs.Tab
          value="customer"
          leftSection={<IconUser size={14} />}
          data-testid="aux-tab-customer"
        >
          {t('customer.title')}
        </Tabs.Tab>
        <Tabs.Tab
          value="history"
          leftSection={<IconHistory size={14} />}
          data-testid="aux-tab-history"
        >
          {t('history.title')}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="customer" style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        <CustomerDetails interaction={interaction} />
      </Tabs.Panel>
      <Tabs.Panel value="history" style={{ flex: 1, minHeight: 0 }}>
        {interaction ? (
          <ContactHistoryPanel key={interaction.id} interactionId={interaction.id} user={user} />
        ) : (
          <CustomerDetails interaction={null} />
        )}
      </Tabs.Panel>
    </Tabs>
  );
}

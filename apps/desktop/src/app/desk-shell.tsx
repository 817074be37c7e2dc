import { AppShell, Center, Loader } from '@mantine/core';
import type { Interaction, User } from '@sangdam/contracts';
import { lazy, Suspense, useState } from 'react';
import { ConversationPane } from '../features/conversation/components/conversation-pane.tsx';
import { AuxiliaryPane } from '../features/conversation/components/auxiliary-pane.tsx';
import { InteractionList } from '../features/conversation/components/interaction-list.tsx';
import {
  useUnsentWorkGuard,
  useWarnBeforeUnload,
} from '../features/conversation/components/unsent-work-guard.tsx';
import { OfferStack } from '../features/offers/components/offer-stack.tsx';
import { useOfferAlerts } from '../features/offers/hooks/use-offer-alerts.ts';
import { RonaBanner } from '../features/presence/components/rona-banner.tsx';
import { WrapUpDialog } from '../features/wrap-up/components/wrap-up-dialog.tsx';
import { useAgentState } from '../realtime/realtime-context.tsx';
import { ShellHeader, type DeskView } from './shell-header.tsx';

const AdminPage = lazy(() =>
  import('../features/admin/components/admin-page.tsx').then((module) => ({
    default: module.AdminPage,
  })),
);

const LiveViewPage = lazy(() =>
  import('../features/supervisor/components/live-view-page.tsx').then((module) => ({
    default: module.LiveViewPage,
  })),
);

/** Header, contact list, conversation and customer details; or the live view or admin screens. */
export function DeskShell({ user }: { user: User }) {
  const [view, setView] = useState<DeskView>('desk');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [deferredWrapUps, setDeferredWrapUps] = useState<ReadonlySet<string>>(new Set());
  const interactions = useAgentState((state) => state.interactions);
  const offerCount = useAgentState((state) => state.offers.length);
  // Agents often work in another window: a chime, a notification and the tab title tell them.
  useOfferAlerts();
  const selected =
    interactions.find((interaction) => interaction.id === selectedId) ?? interactions[0] ?? null;
  const inDesk = view === 'desk';
  // Offers have their place in the contacts column, so it shows in every view while one waits.
  const navHidden = !inDesk && offerCount === 0;
  // R-CH-6: leaving a conversation with unsent work in its compose box asks first.
  const unsent = useUnsentWorkGuard();
  useWarnBeforeUnload(interactions.map((interaction) => interaction.id));
  const select = (id: string) => {
    if (selected === null || selected.id === id) setSelectedId(id);
    else unsent.guard(selected, 'switch', () => setSelectedId(id));
  };
  const wrapUpOpen =
    inDesk && selected !== null && selected.wrapUpPending && !deferredWrapUps.has(selected.id);

  const showInteraction = (interaction: Interaction) => {
    setSelectedId(interaction.id);
    setView('desk');
  };
  const setWrapUpDeferred = (interactionId: string, deferred: boolean) => {
    setDeferredWrapUps((current) => {
      const next = new Set(current);
      if (deferred) next.add(interactionId);
      else next.delete(interactionId);
      return next;
    });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{
        width: 300,
        breakpoint: 'sm',
        collapsed: { desktop: navHidden, mobile: navHidden },
      }}
      aside={{ width: 300, breakpoint: 'md', collapsed: { desktop: !inDesk, mobile: true } }}
      padding={0}
    >
      <AppShell.Header>
        <ShellHeader user={user} view={view} onViewChange={setView} />
      </AppShell.Header>
      <AppShell.Navbar style={{ display: 'flex', flexDirection: 'column' }}>
        <OfferStack onAccepted={showInteraction} />
        <InteractionList selfId={user.id} selectedId={selected?.id ?? null} onSelect={select} />
      </AppShell.Navbar>
      <AppShell.Main h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
        <RonaBanner />
        {inDesk ? (
          <ConversationPane
            interaction={selected}
            user={user}
            onOpenWrapUp={() => selected && setWrapUpDeferred(selected.id, false)}
          />
        ) : (
          <Suspense
            fallback={
              <Center h="100%">
                <Loader />
              </Center>
            }
          >
            {view === 'live' ? <LiveViewPage /> : <AdminPage />}
          </Suspense>
        )}
      </AppShell.Main>
      <AppShell.Aside>
        <AuxiliaryPane interaction={selected} user={user} />
      </AppShell.Aside>
      {unsent.dialog}
      {selected && (
        <WrapUpDialog
          key={selected.id}
          interaction={selected}
          opened={wrapUpOpen}
          onClose={() => setWrapUpDeferred(selected.id, true)}
        />
      )}
    </AppShell>
  );
}

import { Box, Center, Stack, Text } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import type { Interaction, User } from '@sangdam/contracts';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmailArea } from '../../email/components/email-area.tsx';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';
import { useConversation } from '../hooks/use-conversation.ts';
import { buildTimeline, customerHasLeft } from '../model/timeline.ts';
import { ComposeBox } from './compose-box.tsx';
import { InteractionControlBar } from './interaction-control-bar.tsx';
import { MessageList } from './message-list.tsx';

interface ConversationPaneProps {
  interaction: Interaction | null;
  user: User;
  onOpenWrapUp: () => void;
}

export function ConversationPane({ interaction, user, onOpenWrapUp }: ConversationPaneProps) {
  const { t } = useTranslation();
  if (!interaction) {
    return (
      <Center h="100%" data-testid="conversation">
        <Stack align="center" gap="xs">
          <IconMessages size={40} stroke={1.2} color="var(--mantine-color-gray-5)" />
          <Text c="dimmed" size="sm">
            {t('conversation.empty')}
          </Text>
        </Stack>
      </Center>
    );
  }
  return (
    <Conversation
      key={interaction.id}
      interaction={interaction}
      user={user}
      onOpenWrapUp={onOpenWrapUp}
    />
  );
}

function Conversation({
  interaction,
  user,
  onOpenWrapUp,
}: ConversationPaneProps & { interaction: Interaction }) {
  const connection = useAgentConnection();
  const { events, pending } = useConversation(interaction.id);
  const items = useMemo(
    () => buildTimeline(events, pending, user.id, user.displayName),
    [events, pending, user.id, user.displayName],
  );
  const closed = interaction.status !== 'active' || customerHasLeft(events);

  useEffect(() => {
    connection.markRead(interaction.id);
  }, [connection, interaction.id, events]);

  return (
    <Stack
      gap={0}
      h="100%"
      data-testid="conversation"
      data-interaction-id={interaction.id}
      data-status={interaction.status}
    >
      <InteractionControlBar interaction={interaction} onOpenWrapUp={onOpenWrapUp} />
      {interaction.channel === 'email' ? (
        <EmailArea interaction={interaction} />
      ) : (
        <>
          <MessageList items={items} />
          <Box px="lg" pb="md" pt="xs">
            <ComposeBox interactionId={interaction.id} disabled={closed} />
          </Box>
        </>
      )}
    </Stack>
  );
}

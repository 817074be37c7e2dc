import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import type { AgentConnection } from '../../../realtime/agent-connection.ts';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';

/** A command on one interaction; a refusal is shown as a notification in the agent's language. */
function useInteractionAction(
  run: (connection: AgentConnection, interactionId: string) => Promise<void>,
) {
  const { t } = useTranslation();
  const connection = useAgentConnection();
  return useMutation({
    mutationFn: (interactionId: string) => run(connection, interactionId),
    onError: (error) => notifications.show({ color: 'red', message: errorText(t, error) }),
  });
}

/** R-CH-12: the agent ends the chat; the wrap-up dialog follows from wrapUpPending. */
export const useEndInteraction = () =>
  useInteractionAction((connection, id) => connection.endInteraction(id));

/** R-CH-11: the primary agent ends the conference; the invited agent leaves it. */
export const useEndConference = () =>
  useInteractionAction((connection, id) => connection.endConference(id));

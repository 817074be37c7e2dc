import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';

export interface PresenceChoice {
  state: 'available' | 'idle';
  idleReasonId: string | null;
}

/** R-AV-1: the agent picks Available or Idle with a reason; failures show as a notification. */
export function useSetPresence() {
  const { t } = useTranslation();
  const connection = useAgentConnection();
  return useMutation({
    mutationFn: ({ state, idleReasonId }: PresenceChoice) =>
      connection.setPresence(state, idleReasonId),
    onError: (error) => notifications.show({ color: 'red', message: errorText(t, error) }),
  });
}

import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';

/** R-CH-12: the agent ends the chat; the wrap-up dialog follows from wrapUpPending. */
export function useEndInteraction() {
  const { t } = useTranslation();
  const connection = useAgentConnection();
  return useMutation({
    mutationFn: (interactionId: string) => connection.endInteraction(interactionId),
    onError: (error) => notifications.show({ color: 'red', message: errorText(t, error) }),
  });
}

import { notifications } from '@mantine/notifications';
import type { Interaction } from '@sangdam/contracts';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';

export function useAcceptOffer(onAccepted: (interaction: Interaction) => void) {
  const { t } = useTranslation();
  const connection = useAgentConnection();
  return useMutation({
    mutationFn: (offerId: string) => connection.acceptOffer(offerId),
    onSuccess: onAccepted,
    onError: (error) => notifications.show({ color: 'red', message: errorText(t, error) }),
  });
}

import { useMutation } from '@tanstack/react-query';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { retryEmailReply } from '../api/email-api.ts';

/** Retry of a failed reply (the same mail again); its `email.retried` shows it queued at once. */
export function useRetryReply(interactionId: string) {
  const connection = useAgentConnection();
  const { csrfToken } = useSignedInSession();
  return useMutation({
    mutationFn: async (emailId: string) => {
      const event = await retryEmailReply(csrfToken, interactionId, emailId);
      connection.receiveEvents(interactionId, [event]);
    },
  });
}

import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';
import { newClientMessageId } from '../../../realtime/agent-socket.ts';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { discardUnsent } from '../../conversation/hooks/draft-cache.ts';
import { sendEmailReply } from '../api/email-api.ts';
import type { DraftSync } from '../model/draft-sync.ts';
import { forgetEmailDrafts } from './use-email-draft.ts';

/**
 * R-EM-2: Send puts the reply in the mail outbox, then ends the agent's part in the contact, so
 * the wrap-up dialog follows (R-WU-1). A retry of the same text keeps its `clientMessageId`, so
 * a reply the server stored before the answer was lost is not sent twice. Its files were
 * uploaded first (R-EM-5); the reply names them.
 */
export function useQuickReply(interactionId: string, draft: DraftSync | null) {
  const connection = useAgentConnection();
  const { csrfToken } = useSignedInSession();
  const attempt = useRef<{ key: string; clientMessageId: string } | null>(null);
  return useMutation({
    mutationFn: async ({ text, attachmentIds }: { text: string; attachmentIds: string[] }) => {
      const key = JSON.stringify([text, attachmentIds]);
      if (attempt.current?.key !== key) {
        attempt.current = { key, clientMessageId: newClientMessageId() };
      }
      const { clientMessageId } = attempt.current;
      const { event } = await sendEmailReply(csrfToken, interactionId, {
        clientMessageId,
        text,
        ...(attachmentIds.length > 0 && { attachmentIds }),
      });
      // Sent: the server discarded this mode's draft, so this tab saves it no more.
      draft?.stop();
      connection.receiveEvents(interactionId, [event]);
      // Should ending fail, Send again answers the stored reply (same id) and ends.
      await connection.endInteraction(interactionId);
      attempt.current = null;
      discardUnsent(interactionId);
      forgetEmailDrafts(interactionId);
    },
    // No draft save may race the send: the server discards the draft of the mode it sends.
    onMutate: () => draft?.pause(),
    onError: () => draft?.resume(),
  });
}

import type { ReplyMode } from '@sangdam/contracts';
import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';
import { newClientMessageId } from '../../../realtime/agent-socket.ts';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { discardUnsent } from '../../conversation/hooks/draft-cache.ts';
import { sendStandardReply } from '../api/email-api.ts';
import type { DraftSync } from '../model/draft-sync.ts';
import { forgetEmailDrafts } from './use-email-draft.ts';

export interface StandardReply {
  mode: Exclude<ReplyMode, 'quick'>;
  html: string;
  cc: string[];
  templateId: string | null;
  /** Files uploaded for this reply (R-EM-5). */
  attachmentIds: string[];
}

/**
 * R-EM-3: Send puts the HTML reply in the mail outbox, then ends the agent's part in the
 * contact so the wrap-up dialog follows (R-WU-1). A retry of the same reply keeps its
 * `clientMessageId`, so one the server stored before the answer was lost is not sent twice.
 */
export function useStandardReply(interactionId: string, draft: DraftSync | null) {
  const connection = useAgentConnection();
  const { csrfToken } = useSignedInSession();
  const attempt = useRef<{ key: string; clientMessageId: string } | null>(null);
  return useMutation({
    mutationFn: async (reply: StandardReply) => {
      const key = JSON.stringify(reply);
      if (attempt.current?.key !== key) {
        attempt.current = { key, clientMessageId: newClientMessageId() };
      }
      const { clientMessageId } = attempt.current;
      const { event } = await sendStandardReply(csrfToken, interactionId, {
        clientMessageId,
        mode: reply.mode,
        html: reply.html,
        cc: reply.cc,
        ...(reply.templateId !== null && { templateId: reply.templateId }),
        ...(reply.attachmentIds.length > 0 && { attachmentIds: reply.attachmentIds }),
      });
      // Sent: the server discarded this mode's draft, so this tab saves it no more.
      draft?.stop();
      connection.receiveEvents(interactionId, [event]);
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

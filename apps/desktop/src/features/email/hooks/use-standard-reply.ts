import type { ReplyMode } from '@sangdam/contracts';
import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';
import { newClientMessageId } from '../../../realtime/agent-socket.ts';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { discardUnsent } from '../../conversation/hooks/draft-cache.ts';
import { sendStandardReply } from '../api/email-api.ts';

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
export function useStandardReply(interactionId: string) {
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
      connection.receiveEvents(interactionId, [event]);
      await connection.endInteraction(interactionId);
      attempt.current = null;
      discardUnsent(interactionId);
    },
  });
}

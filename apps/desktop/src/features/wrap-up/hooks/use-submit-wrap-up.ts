import { useMutation } from '@tanstack/react-query';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';

export function useSubmitWrapUp(interactionId: string) {
  const connection = useAgentConnection();
  return useMutation({
    mutationFn: (reasonIds: readonly string[]) => connection.submitWrapUp(interactionId, reasonIds),
  });
}

/** R-WU-2: stops the wrap-up's countdown. */
export function useHoldWrapUp(interactionId: string) {
  const connection = useAgentConnection();
  return useMutation({ mutationFn: () => connection.holdWrapUp(interactionId) });
}

import { useMutation } from '@tanstack/react-query';
import { useAgentConnection } from '../../../realtime/realtime-context.tsx';

export function useSubmitWrapUp(interactionId: string) {
  const connection = useAgentConnection();
  return useMutation({
    mutationFn: (reasonIds: readonly string[]) => connection.submitWrapUp(interactionId, reasonIds),
  });
}

import { Box } from '@mantine/core';
import type { AgentState } from '@sangdam/contracts';
import { stateColors } from '../../../app/theme.ts';

export function StateDot({ state, size = 10 }: { state: AgentState; size?: number }) {
  return (
    <Box
      component="span"
      w={size}
      h={size}
      bg={`${stateColors[state]}.6`}
      style={{ borderRadius: '50%', display: 'inline-block', flexShrink: 0 }}
      aria-hidden
    />
  );
}

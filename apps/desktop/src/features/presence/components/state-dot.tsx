import { Box } from '@mantine/core';
import { stateColors } from '../../../app/theme.ts';

export function StateDot({ state, size = 10 }: { state: keyof typeof stateColors; size?: number }) {
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

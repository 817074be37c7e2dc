import { Text } from '@mantine/core';
import { formatElapsed } from '../../../lib/format-duration.ts';
import { useNow } from '../../../lib/use-now.ts';

/** Time since an instant, ticking on this machine's clock; a dash when there is none. */
export function LiveTimer({ since, testId }: { since: string | null; testId?: string }) {
  const now = useNow();
  return (
    <Text span size="sm" ff="monospace" c={since ? undefined : 'dimmed'} data-testid={testId}>
      {since ? formatElapsed(since, now) : '—'}
    </Text>
  );
}

import { ScrollArea, Stack } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { TimelineItem } from '../model/timeline.ts';
import { TimelineEntry } from './timeline-entry.tsx';

/** How close to the bottom still counts as "following" the conversation. */
const followThresholdPx = 80;

/** R-CH-1: the scrollable history; it follows new lines unless the agent scrolled up. */
export function MessageList({ items }: { items: readonly TimelineItem[] }) {
  const viewport = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useEffect(() => {
    const element = viewport.current;
    const last = items.at(-1);
    const ownMessage = last?.kind === 'message' && last.role === 'self';
    if (element && (following.current || ownMessage)) {
      element.scrollTo({ top: element.scrollHeight });
    }
  }, [items]);

  const trackFollowing = () => {
    const element = viewport.current;
    if (!element) return;
    following.current =
      element.scrollHeight - element.scrollTop - element.clientHeight < followThresholdPx;
  };

  return (
    <ScrollArea
      flex={1}
      mih={0}
      viewportRef={viewport}
      onScrollPositionChange={trackFollowing}
      type="auto"
      data-testid="message-list"
    >
      <Stack gap="sm" px="lg" py="md">
        {items.map((item) => (
          <TimelineEntry key={item.key} item={item} />
        ))}
      </Stack>
    </ScrollArea>
  );
}

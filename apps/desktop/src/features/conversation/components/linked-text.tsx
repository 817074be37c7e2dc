import { Anchor } from '@mantine/core';
import { splitLinks } from '@sangdam/contracts';
import { Fragment, useMemo } from 'react';

/** Message text with its http/https/mailto URLs as links that open in a new tab, nothing else. */
export function LinkedText({ text }: { text: string }) {
  const parts = useMemo(() => splitLinks(text), [text]);
  return parts.map((part, index) =>
    part.kind === 'text' ? (
      <Fragment key={index}>{part.text}</Fragment>
    ) : (
      <Anchor
        key={index}
        href={part.href}
        target="_blank"
        rel="noopener noreferrer"
        inherit
        underline="always"
        data-testid="message-link"
      >
        {part.text}
      </Anchor>
    ),
  );
}

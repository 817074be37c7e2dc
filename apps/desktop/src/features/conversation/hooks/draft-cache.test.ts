import { describe, expect, it } from 'vitest';
import {
  discardUnsent,
  hasUnsentContent,
  readDraft,
  setPendingAttachments,
  setReplyDraftWork,
  writeDraft,
} from './draft-cache.ts';

describe('unsent work in the compose box (R-CH-6)', () => {
  it('keeps each conversation’s draft apart', () => {
    writeDraft('a', 'Hello A');
    writeDraft('b', '안녕하세요 B');
    expect([readDraft('a'), readDraft('b'), readDraft('c')]).toEqual([
      'Hello A',
      '안녕하세요 B',
      '',
    ]);
    discardUnsent('a');
    discardUnsent('b');
  });

  it.each([
    ['nothing', '', 0, false],
    ['only blanks', '  \n ', 0, false],
    ['text', 'half a reply', 0, true],
    ['an attachment without text', '', 1, true],
  ])('counts %s as unsent: %s', (_, text, files, unsent) => {
    writeDraft('x', text);
    setPendingAttachments('x', files);
    expect(hasUnsentContent('x')).toBe(unsent);
    discardUnsent('x');
    expect(hasUnsentContent('x')).toBe(false);
  });

  it('counts an email reply draft, even one only saved on the server, as unsent', () => {
    setReplyDraftWork('mail', 'reply', true);
    setReplyDraftWork('mail', 'quick', true);
    setReplyDraftWork('mail', 'reply', false);
    expect(hasUnsentContent('mail')).toBe(true);
    setReplyDraftWork('mail', 'quick', false);
    expect(hasUnsentContent('mail')).toBe(false);
    setReplyDraftWork('mail', 'replyAll', true);
    discardUnsent('mail');
    expect(hasUnsentContent('mail')).toBe(false);
  });
});

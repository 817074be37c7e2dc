import type { EmailCompose, ReplyMode } from '@sangdam/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { AppError } from '../../../lib/app-error.ts';
import { useSignedInSession } from '../../auth/hooks/use-session.ts';
import { setReplyDraftWork } from '../../conversation/hooks/draft-cache.ts';
import { discardEmailDraft, fetchEmailCompose, saveEmailDraft } from '../api/email-api.ts';
import { DraftSync, type DraftContent, type DraftNotice } from '../model/draft-sync.ts';

/**
 * The drafts of this tab, one per contact and reply mode: they outlive the compose area (a
 * switch of mode or of contact keeps what was typed and the version the server holds).
 */
const syncs = new Map<string, { sync: DraftSync; auth: { csrfToken: string } }>();

const syncKey = (interactionId: string, mode: ReplyMode) => `${interactionId} ${mode}`;

function syncFor(
  compose: EmailCompose,
  interactionId: string,
  mode: ReplyMode,
  csrfToken: string,
): DraftSync {
  const stored = compose.drafts.find((draft) => draft.mode === mode) ?? null;
  const existing = syncs.get(syncKey(interactionId, mode));
  if (existing) {
    existing.auth.csrfToken = csrfToken;
    existing.sync.refresh(stored);
    return existing.sync;
  }
  // The saves go with the newest CSRF token the session gave.
  const auth = { csrfToken };
  const sync = new DraftSync(stored, {
    save: (content, expectedVersion, keepalive) =>
      saveEmailDraft(
        auth.csrfToken,
        interactionId,
        mode,
        { expectedVersion, body: content.body, cc: content.cc, templateId: content.templateId },
        keepalive,
      ),
    remove: (keepalive) => discardEmailDraft(auth.csrfToken, interactionId, mode, keepalive),
    conflictDraft: (error) =>
      error instanceof AppError && error.code === 'DRAFT_CONFLICT'
        ? (error.draft ?? null)
        : undefined,
  });
  // Open or not, the draft tells the unsent-work guard whether it holds work (R-CH-6).
  sync.subscribe((event) => {
    if (event.kind === 'work') setReplyDraftWork(interactionId, mode, event.held);
  });
  setReplyDraftWork(interactionId, mode, sync.holdsWork);
  syncs.set(syncKey(interactionId, mode), { sync, auth });
  return sync;
}

/** The reply was sent or the contact left this agent: its drafts here stop. */
export function forgetEmailDrafts(interactionId: string): void {
  for (const mode of ['quick', 'reply', 'replyAll'] as const) {
    syncs.get(syncKey(interactionId, mode))?.sync.stop();
    syncs.delete(syncKey(interactionId, mode));
    setReplyDraftWork(interactionId, mode, false);
  }
}

/** R-EM-6: the contact's unsaved drafts go to the server now (the agent opens View original). */
export function flushEmailDrafts(interactionId: string): void {
  for (const mode of ['quick', 'reply', 'replyAll'] as const) {
    syncs.get(syncKey(interactionId, mode))?.sync.flush();
  }
}

export interface EmailDraftState {
  /** Null until the compose data loaded. */
  sync: DraftSync | null;
  /** What the compose area starts from; `loadKey` changes when it must start over from it. */
  content: DraftContent | null;
  loadKey: string | null;
  notice: DraftNotice | null;
}

/**
 * R-EM-6 for one compose area: the stored draft when it opens (fetched afresh each time),
 * saves while typing (via `sync.change`), at once when the area closes and — with `keepalive` —
 * when the page is hidden or goes away; another tab's newer draft is taken or saved over.
 */
export function useEmailDraft(
  interactionId: string,
  mode: ReplyMode,
  /** False where the agent cannot reply (ended, in wrap-up): nothing is loaded or saved. */
  enabled: boolean,
): EmailDraftState {
  const { csrfToken } = useSignedInSession();
  const compose = useQuery({
    queryKey: ['email-compose', interactionId],
    queryFn: () => fetchEmailCompose(interactionId),
    staleTime: Infinity,
    // Each opening asks for the drafts again: another tab or browser may have saved one.
    refetchOnMount: 'always',
    enabled,
  });
  const fresh = compose.data !== undefined && !compose.isFetching;
  const sync = useMemo(
    () => (fresh ? syncFor(compose.data, interactionId, mode, csrfToken) : null),
    [fresh, compose.data, interactionId, mode, csrfToken],
  );
  const [adopted, setAdopted] = useState<{ content: DraftContent; generation: number }>();
  const [notice, setNotice] = useState<DraftNotice | null>(null);

  useEffect(() => {
    if (!sync) return;
    const unsubscribe = sync.subscribe((event) => {
      if (event.kind === 'adopt') {
        setAdopted((current) => ({
          content: event.content,
          generation: (current?.generation ?? 0) + 1,
        }));
      } else if (event.kind === 'notice') {
        setNotice(event.notice);
      }
    });
    const onPageHide = () => sync.flush(true);
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') sync.flush(true);
    };
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', onVisibility);
      unsubscribe();
      // Leaving the compose area (another mode, closing it, another contact) saves at once.
      sync.flush();
    };
  }, [sync]);

  if (!sync) return { sync: null, content: null, loadKey: null, notice };
  return {
    sync,
    content: adopted?.content ?? sync.content,
    loadKey: `${adopted?.generation ?? 0}`,
    notice,
  };
}

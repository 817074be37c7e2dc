import type { EmailDraft } from '@sangdam/contracts';

/**
 * R-EM-6: when and how one reply mode's draft goes to the server. Pure of React and of the
 * network (the caller hands in `DraftIo` and the timer), so the rules are tested on their own.
 */

/** What a draft holds; `empty` when there is nothing worth keeping (the draft is deleted). */
export interface DraftContent {
  body: string;
  cc: string[];
  templateId: string | null;
  empty: boolean;
}

export interface DraftIo {
  save(
    content: DraftContent,
    expectedVersion: number | null,
    keepalive: boolean,
  ): Promise<EmailDraft>;
  remove(keepalive: boolean): Promise<void>;
  /** The stored draft a DRAFT_CONFLICT carries (null: none any more); undefined: no conflict. */
  conflictDraft(error: unknown): EmailDraft | null | undefined;
}

/** A calm note for the agent: another tab's draft was taken, or this one was saved over it. */
export type DraftNotice = 'tookStored' | 'keptLocal';

export type DraftEvent =
  | { kind: 'adopt'; content: DraftContent }
  | { kind: 'notice'; notice: DraftNotice }
  | { kind: 'work'; held: boolean };

/** Saved this long after the last change while typing. */
export const draftSaveDelayMs = 1500;

const none: DraftContent = { body: '', cc: [], templateId: null, empty: true };

export function draftContentOf(draft: EmailDraft | null): DraftContent {
  if (!draft) return none;
  return { body: draft.body, cc: draft.cc, templateId: draft.templateId, empty: false };
}

/** Two contents are the same draft when this key is equal ('' for nothing). */
export function draftKey(content: DraftContent): string {
  return content.empty ? '' : JSON.stringify([content.body, content.cc, content.templateId]);
}

export type ConflictOutcome =
  | { kind: 'adopt'; draft: EmailDraft | null }
  | { kind: 'overwrite'; expectedVersion: number | null };

/**
 * Another tab or browser saved this draft meanwhile. A local copy with no unsaved change takes
 * the stored draft; one with unsaved changes keeps its text and saves over the stored version,
 * so what the agent typed last here is never thrown away.
 */
export function resolveConflict(localUnsaved: boolean, stored: EmailDraft | null): ConflictOutcome {
  return localUnsaved
    ? { kind: 'overwrite', expectedVersion: stored?.version ?? null }
    : { kind: 'adopt', draft: stored };
}

type Timers = {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
};

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * One mode's draft: the content typed here, the version the server holds, one request in
 * flight at a time (changes made meanwhile go in one follow-up save: the latest wins).
 */
export class DraftSync {
  private version: number | null;
  /** The draft key of what the server holds as far as this tab knows. */
  private savedKey: string;
  private local: DraftContent;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private paused = false;
  private readonly listeners = new Set<(event: DraftEvent) => void>();

  constructor(
    stored: EmailDraft | null,
    private readonly io: DraftIo,
    private readonly timers: Timers = realTimers,
    private readonly delayMs = draftSaveDelayMs,
  ) {
    this.version = stored?.version ?? null;
    this.local = draftContentOf(stored);
    this.savedKey = draftKey(this.local);
  }

  /** Tells `listener` of taken drafts, notices and whether work is held, until called back. */
  subscribe(listener: (event: DraftEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the compose area shows. */
  get content(): DraftContent {
    return this.local;
  }

  /** Whether there is something the server does not have yet. */
  get unsaved(): boolean {
    return draftKey(this.local) !== this.savedKey;
  }

  /** R-CH-6: text here or a draft on the server is work that ending the contact throws away. */
  get holdsWork(): boolean {
    return !this.local.empty || this.savedKey !== '';
  }

  /** The last request's work, for tests and for waiting before the page goes. */
  settled(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  /** The agent typed: saved once they pause. */
  change(content: DraftContent): void {
    this.local = content;
    this.emit({ kind: 'work', held: this.holdsWork });
    if (this.stopped || this.paused) return;
    this.cancelTimer();
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.run(false);
    }, this.delayMs);
  }

  /** Saves now: the agent left the compose area, or the page is hidden (`keepalive`). */
  flush(keepalive = false): void {
    this.cancelTimer();
    if (this.stopped || this.paused || !this.unsaved) return;
    // A page going away cannot wait for the request in flight; a conflict with it heals itself.
    if (keepalive && this.inFlight) void this.push(keepalive);
    else this.run(keepalive);
  }

  /**
   * The server's drafts as fetched again (the compose area opened): a newer version than this
   * tab's is taken when nothing here is unsaved, else this tab's text is saved over it.
   */
  refresh(stored: EmailDraft | null): void {
    if (this.stopped || stored === null || stored.version === this.version) return;
    if (this.version !== null && stored.version < this.version) return;
    this.settle(resolveConflict(this.unsaved, stored));
  }

  /** A send is on its way: no save may race it (the server discards the draft it sends). */
  pause(): void {
    this.paused = true;
    this.cancelTimer();
  }

  /** The send failed: the draft is kept again. */
  resume(): void {
    this.paused = false;
    if (this.unsaved && !this.stopped) this.change(this.local);
  }

  /** The reply was sent (the server discarded the draft): nothing more goes out. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    this.local = none;
    this.savedKey = '';
    this.version = null;
    this.emit({ kind: 'work', held: false });
  }

  private cancelTimer() {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private run(keepalive: boolean) {
    if (this.stopped || this.paused) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    if (!this.unsaved) return;
    const request = this.push(keepalive).finally(() => {
      if (this.inFlight === request) this.inFlight = null;
      if (this.again) {
        this.again = false;
        this.run(false);
      }
    });
    this.inFlight = request;
  }

  private async push(keepalive: boolean): Promise<void> {
    const content = this.local;
    const key = draftKey(content);
    try {
      if (content.empty) {
        await this.io.remove(keepalive);
        this.version = null;
      } else {
        this.version = (await this.io.save(content, this.version, keepalive)).version;
      }
      this.savedKey = key;
    } catch (error) {
      const stored = this.io.conflictDraft(error);
      // Offline or refused: left unsaved; the next change or leaving tries again.
      if (stored === undefined || this.stopped || this.paused) return;
      this.settle(resolveConflict(this.unsaved, stored));
    }
    this.emit({ kind: 'work', held: this.holdsWork });
  }

  private settle(outcome: ConflictOutcome) {
    if (outcome.kind === 'adopt') {
      this.version = outcome.draft?.version ?? null;
      this.local = draftContentOf(outcome.draft);
      this.savedKey = draftKey(this.local);
      this.emit({ kind: 'adopt', content: this.local });
      this.emit({ kind: 'notice', notice: 'tookStored' });
    } else {
      this.version = outcome.expectedVersion;
      // What the server holds now is not ours: our text goes over it.
      this.savedKey = '\u0000stale';
      this.emit({ kind: 'notice', notice: 'keptLocal' });
      this.again = true;
      if (!this.inFlight) {
        this.again = false;
        this.run(false);
      }
    }
    this.emit({ kind: 'work', held: this.holdsWork });
  }

  private emit(event: DraftEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

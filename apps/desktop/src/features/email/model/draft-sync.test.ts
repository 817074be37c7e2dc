import type { EmailDraft } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import { DraftSync, resolveConflict, type DraftContent, type DraftEvent } from './draft-sync.ts';

const text = (body: string): DraftContent => ({ body, cc: [], templateId: null, empty: !body });
const stored = (version: number, body: string): EmailDraft => ({
  mode: 'reply',
  body,
  cc: [],
  templateId: null,
  version,
  updatedAt: '2026-12-01T00:00:00.000Z',
});

class Conflict extends Error {
  constructor(readonly draft: EmailDraft | null) {
    super('DRAFT_CONFLICT');
  }
}

/** A server holding one draft by compare-and-set, and a clock the test moves by hand. */
function harness(initial: EmailDraft | null = null) {
  let server: EmailDraft | null = initial;
  const requests: string[] = [];
  const pending: Array<() => void> = [];
  let hold = false;
  const answer = <T>(work: () => T): Promise<T> =>
    new Promise((resolve, reject) => {
      const go = () => {
        try {
          resolve(work());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      if (hold) pending.push(go);
      else go();
    });
  let now = 0;
  const timers: Array<{ at: number; run: () => void }> = [];
  const sync = new DraftSync(
    initial,
    {
      save: (content, expectedVersion, keepalive) => {
        requests.push(`PUT ${content.body} @${expectedVersion}${keepalive ? ' keepalive' : ''}`);
        return answer(() => {
          if ((server?.version ?? null) !== expectedVersion) throw new Conflict(server);
          server = stored((server?.version ?? 0) + 1, content.body);
          return server;
        });
      },
      remove: () => {
        requests.push('DELETE');
        return answer(() => {
          server = null;
        });
      },
      conflictDraft: (error) => (error instanceof Conflict ? error.draft : undefined),
    },
    {
      set: (run, ms) => {
        const timer = { at: now + ms, run };
        timers.push(timer);
        return timer;
      },
      clear: (handle) => timers.splice(timers.indexOf(handle as (typeof timers)[number]), 1),
    },
  );
  const events: DraftEvent[] = [];
  sync.subscribe((event) => events.push(event));
  return {
    sync,
    requests,
    events,
    server: () => server,
    /** Another tab saves over this one. */
    elsewhere: (body: string) => {
      server = stored((server?.version ?? 0) + 1, body);
      return server;
    },
    advance: async (ms: number) => {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
      if (!hold) await sync.settled();
    },
    holdAnswers: () => (hold = true),
    releaseAnswers: async () => {
      hold = false;
      while (pending.length > 0) {
        pending.shift()!();
        await Promise.resolve();
        await sync.settled();
      }
    },
  };
}

describe('reply drafts saved on the server (R-EM-6)', () => {
  it('saves once 1.5 s after the last change while typing, not on every key', async () => {
    const h = harness();
    h.sync.change(text('H'));
    await h.advance(1000);
    h.sync.change(text('Hello'));
    await h.advance(1400);
    expect(h.requests).toEqual([]);
    await h.advance(100);
    expect(h.requests).toEqual(['PUT Hello @null']);
    h.sync.change(text('Hello again'));
    await h.advance(1500);
    expect(h.requests).toEqual(['PUT Hello @null', 'PUT Hello again @1']);
    expect(h.sync.unsaved).toBe(false);
  });

  it('saves at once when the agent leaves the compose area, and only what changed', async () => {
    const h = harness(stored(3, 'Kept'));
    h.sync.flush();
    expect(h.requests).toEqual([]);
    h.sync.change(text('Kept, more'));
    h.sync.flush(true);
    await h.sync.settled();
    await h.advance(5000);
    expect(h.requests).toEqual(['PUT Kept, more @3 keepalive']);
  });

  it('keeps one request in flight; changes meanwhile go in one follow-up, the latest', async () => {
    const h = harness();
    h.holdAnswers();
    h.sync.change(text('one'));
    await h.advance(1500);
    h.sync.change(text('two'));
    h.sync.flush();
    h.sync.change(text('three'));
    h.sync.flush();
    expect(h.requests).toEqual(['PUT one @null']);
    await h.releaseAnswers();
    expect(h.requests).toEqual(['PUT one @null', 'PUT three @1']);
    expect(h.server()?.body).toBe('three');
  });

  it('deletes the draft when the compose area is emptied', async () => {
    const h = harness(stored(2, 'Something'));
    expect(h.sync.holdsWork).toBe(true);
    h.sync.change(text(''));
    await h.advance(1500);
    expect(h.requests).toEqual(['DELETE']);
    expect(h.server()).toBeNull();
    expect(h.sync.holdsWork).toBe(false);
  });

  it('on a conflict keeps what was typed here and saves it over the other tab’s version', async () => {
    const h = harness(stored(1, 'First'));
    h.elsewhere('From the other tab');
    h.sync.change(text('Typed here'));
    await h.advance(1500);
    await h.sync.settled();
    expect(h.requests).toEqual(['PUT Typed here @1', 'PUT Typed here @2']);
    expect(h.server()).toMatchObject({ version: 3, body: 'Typed here' });
    expect(h.events).toContainEqual({ kind: 'notice', notice: 'keptLocal' });
  });

  it('takes a newer stored draft when nothing here is unsaved, and keeps unsaved text', () => {
    const h = harness(stored(1, 'First'));
    h.sync.refresh(stored(1, 'First'));
    expect(h.events).toEqual([]);
    h.sync.refresh(stored(2, 'Newer'));
    expect(h.sync.content.body).toBe('Newer');
    expect(h.events).toContainEqual({ kind: 'adopt', content: text('Newer') });
    expect(h.events).toContainEqual({ kind: 'notice', notice: 'tookStored' });

    expect(resolveConflict(false, stored(4, 'x'))).toEqual({
      kind: 'adopt',
      draft: stored(4, 'x'),
    });
    expect(resolveConflict(true, stored(4, 'x'))).toEqual({
      kind: 'overwrite',
      expectedVersion: 4,
    });
    expect(resolveConflict(true, null)).toEqual({ kind: 'overwrite', expectedVersion: null });
  });

  it('saves nothing while a send is on its way, and keeps the draft again if it failed', async () => {
    const h = harness();
    h.sync.change(text('Reply'));
    h.sync.pause();
    await h.advance(5000);
    h.sync.flush();
    expect(h.requests).toEqual([]);
    h.sync.resume();
    await h.advance(1500);
    expect(h.requests).toEqual(['PUT Reply @null']);
  });

  it('sends nothing more once the reply is sent', async () => {
    const h = harness();
    h.sync.change(text('Sent'));
    h.sync.stop();
    await h.advance(5000);
    h.sync.flush(true);
    expect(h.requests).toEqual([]);
    expect(h.sync.holdsWork).toBe(false);
  });
});

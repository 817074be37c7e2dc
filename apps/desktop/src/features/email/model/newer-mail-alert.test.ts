import { describe, expect, it } from 'vitest';
import { planNewerMailAlert, takeNewerMails } from './newer-mail-alert.ts';

describe('the alert for a newer mail on the open contact', () => {
  it('alerts each newer mail once', () => {
    const seen = new Set<string>();
    expect(takeNewerMails(seen, ['a'])).toEqual(['a']);
    expect(takeNewerMails(seen, ['a'])).toEqual([]);
    expect(takeNewerMails(seen, ['a', 'b'])).toEqual(['b']);
  });

  it('chimes unless muted, and notifies only when allowed and the agent looks elsewhere', () => {
    const plan = (fresh: number, muted: boolean, granted: boolean, pageVisible: boolean) =>
      planNewerMailAlert(fresh, {
        muted,
        permission: granted ? 'granted' : 'default',
        pageVisible,
      });
    expect(plan(1, false, true, false)).toEqual({ chime: true, notify: true });
    expect(plan(1, false, true, true)).toEqual({ chime: true, notify: false });
    expect(plan(1, false, false, false)).toEqual({ chime: true, notify: false });
    expect(plan(1, true, true, false)).toEqual({ chime: false, notify: false });
    expect(plan(0, false, true, false)).toEqual({ chime: false, notify: false });
  });
});

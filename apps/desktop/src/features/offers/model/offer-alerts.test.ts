import type { Offer } from '@sangdam/contracts';
import { describe, expect, it } from 'vitest';
import {
  offerTitle,
  planOfferAlerts,
  readMuted,
  takeNewOffers,
  writeMuted,
  type PreferenceStore,
} from './offer-alerts.ts';

const offer = (id: string): Offer => ({
  id,
  kind: 'route',
  from: null,
  interactionId: `i-${id}`,
  channel: 'chat',
  customer: { id: `c-${id}`, name: `Customer ${id}`, email: null },
  queue: { id: 'q', name: 'Support', channel: 'chat' },
  offeredAt: '2026-01-01T10:00:00.000Z',
  expiresAt: '2026-01-01T10:00:30.000Z',
  waitingSince: '2026-01-01T09:59:00.000Z',
});

describe('offer alerts', () => {
  it('alerts once per offer', () => {
    const seen = new Set<string>();
    expect(takeNewOffers(seen, [offer('a')]).map((o) => o.id)).toEqual(['a']);
    expect(takeNewOffers(seen, [offer('a'), offer('b')]).map((o) => o.id)).toEqual(['b']);
    expect(takeNewOffers(seen, [offer('a'), offer('b')])).toEqual([]);
  });

  it('chimes for new offers and notifies only while the page is hidden and allowed', () => {
    const fresh = [offer('a')];
    const base = {
      muted: false,
      permission: 'granted' as const,
      pageVisible: false,
      now: 10_000,
      lastChimeAt: 0,
    };
    expect(planOfferAlerts(fresh, base)).toEqual({ chime: true, notify: fresh });
    expect(planOfferAlerts(fresh, { ...base, pageVisible: true })).toEqual({
      chime: true,
      notify: [],
    });
    expect(planOfferAlerts(fresh, { ...base, permission: 'default' }).notify).toEqual([]);
    expect(planOfferAlerts([], base)).toEqual({ chime: false, notify: [] });
  });

  it('chimes once for offers arriving together', () => {
    const options = {
      muted: false,
      permission: 'default' as const,
      pageVisible: true,
      now: 10_000,
      lastChimeAt: 9_000,
    };
    expect(planOfferAlerts([offer('b')], options).chime).toBe(false);
    expect(planOfferAlerts([offer('b')], { ...options, now: 11_000 }).chime).toBe(true);
  });

  it('stays silent when muted', () => {
    const plan = planOfferAlerts([offer('a')], {
      muted: true,
      permission: 'granted',
      pageVisible: false,
      now: 10_000,
      lastChimeAt: 0,
    });
    expect(plan).toEqual({ chime: false, notify: [] });
  });

  it('puts the number of waiting offers in the tab title', () => {
    expect(offerTitle(0, 'Incoming')).toBe('Sangdam');
    expect(offerTitle(3, '새 연락')).toBe('(3) 새 연락 · Sangdam');
  });

  it('keeps the mute choice in storage', () => {
    const map = new Map<string, string>();
    const storage: PreferenceStore = {
      getItem: (key) => map.get(key) ?? null,
      setItem: (key, value) => void map.set(key, value),
    };
    expect(readMuted(storage)).toBe(false);
    writeMuted(storage, true);
    expect(readMuted(storage)).toBe(true);
    writeMuted(storage, false);
    expect(readMuted(storage)).toBe(false);
  });
});

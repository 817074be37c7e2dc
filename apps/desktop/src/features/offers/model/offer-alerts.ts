import type { Offer } from '@sangdam/contracts';

export type NotificationPermissionState = 'default' | 'granted' | 'denied' | 'unsupported';

/** What to do when offers arrive: a chime, and a desktop notification per new offer. */
export interface OfferAlertPlan {
  readonly chime: boolean;
  readonly notify: readonly Offer[];
}

/** The offers not seen before; `seen` is updated so each offer alerts once. */
export function takeNewOffers(seen: Set<string>, offers: readonly Offer[]): Offer[] {
  const fresh = offers.filter((offer) => !seen.has(offer.id));
  for (const offer of fresh) seen.add(offer.id);
  return fresh;
}

/** Offers arriving together (a burst after Available) chime once, not once each. */
export const chimeGapMs = 2_000;

/**
 * Muted: nothing but the tab title. Otherwise a chime (at most one per `chimeGapMs`), and a
 * desktop notification while the agent looks elsewhere (another tab or window) and allowed them.
 */
export function planOfferAlerts(
  fresh: readonly Offer[],
  options: {
    muted: boolean;
    permission: NotificationPermissionState;
    pageVisible: boolean;
    now: number;
    lastChimeAt: number;
  },
): OfferAlertPlan {
  if (fresh.length === 0 || options.muted) return { chime: false, notify: [] };
  const notify = options.permission === 'granted' && !options.pageVisible ? fresh : [];
  return { chime: options.now - options.lastChimeAt >= chimeGapMs, notify };
}

/** The tab's title: the number of waiting offers first, so it shows in a narrow tab. */
export function offerTitle(count: number, incoming: string): string {
  return count > 0 ? `(${count}) ${incoming} · Sangdam` : 'Sangdam';
}

export type PreferenceStore = Pick<Storage, 'getItem' | 'setItem'>;

const mutedKey = 'sangdam.offerAlerts.muted';

/** The agent's mute choice, kept in this browser across reloads and sign-ins. */
export function readMuted(storage: PreferenceStore): boolean {
  try {
    return storage.getItem(mutedKey) === 'true';
  } catch {
    return false;
  }
}

export function writeMuted(storage: PreferenceStore, muted: boolean): void {
  try {
    storage.setItem(mutedKey, String(muted));
  } catch {
    // Storage can be unavailable (strict privacy modes); the choice then lasts this page only.
  }
}

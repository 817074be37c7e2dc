import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { playChime, unlockAudioOnGesture } from '../../../lib/chime.ts';
import { useAgentState } from '../../../realtime/realtime-context.tsx';
import {
  offerTitle,
  planOfferAlerts,
  readMuted,
  takeNewOffers,
  writeMuted,
  type NotificationPermissionState,
  type PreferenceStore,
} from '../model/offer-alerts.ts';

function preferences(): PreferenceStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function currentPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The mute choice and the notification permission, shared by the header control and alerts. */
const listeners = new Set<() => void>();
let settings = {
  muted: (() => {
    const storage = preferences();
    return storage ? readMuted(storage) : false;
  })(),
  permission: currentPermission(),
};

function update(change: Partial<typeof settings>): void {
  settings = { ...settings, ...change };
  listeners.forEach((notify) => notify());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOfferAlertSettings() {
  const current = useSyncExternalStore(subscribe, () => settings);
  return {
    ...current,
    setMuted: (muted: boolean) => {
      const storage = preferences();
      if (storage) writeMuted(storage, muted);
      update({ muted });
    },
    /** Call from a click: browsers only ask the agent in answer to a gesture. */
    requestPermission: async () => {
      if (typeof Notification === 'undefined') return;
      update({ permission: await Notification.requestPermission() });
    },
  };
}

/**
 * R-AV-3: offers are hard to miss. A chime, a desktop notification while the agent looks at
 * another window, and the waiting count in the tab title; muting keeps only the title.
 */
export function useOfferAlerts(): void {
  const { t } = useTranslation();
  const offers = useAgentState((state) => state.offers);
  const seen = useRef(new Set<string>());
  const shown = useRef(new Map<string, Notification>());
  const lastChimeAt = useRef(Number.NEGATIVE_INFINITY);
  useDocumentTitle(offerTitle(offers.length, t('offers.incoming')));

  useEffect(() => unlockAudioOnGesture(), []);

  useEffect(() => {
    const fresh = takeNewOffers(seen.current, offers);
    const plan = planOfferAlerts(fresh, {
      muted: settings.muted,
      permission: settings.permission,
      pageVisible: document.visibilityState === 'visible',
      now: Date.now(),
      lastChimeAt: lastChimeAt.current,
    });
    if (plan.chime) {
      lastChimeAt.current = Date.now();
      playChime();
    }
    for (const offer of plan.notify) {
      const notification = new Notification(t('offers.notificationTitle'), {
        body: `${offer.customer.name} · ${offer.queue.name}`,
        tag: offer.id,
      });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      shown.current.set(offer.id, notification);
    }
    // An offer accepted, expired or withdrawn takes its notification with it.
    const waiting = new Set(offers.map((offer) => offer.id));
    for (const [id, notification] of shown.current) {
      if (waiting.has(id)) continue;
      notification.close();
      shown.current.delete(id);
    }
  }, [offers, t]);
}

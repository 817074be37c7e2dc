import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { playChime } from '../../../lib/chime.ts';
import { useOfferAlertSettings } from '../../offers/hooks/use-offer-alerts.ts';
import { planNewerMailAlert, takeNewerMails } from '../model/newer-mail-alert.ts';

/**
 * R-EM-1: a newer customer mail on the open contact chimes, and shows a desktop notification
 * while the agent looks elsewhere — as the header's bell allows for offers (mute, permission).
 */
export function useNewerMailAlert(newer: ReadonlySet<string>, customerName: string): void {
  const { t } = useTranslation();
  const { muted, permission } = useOfferAlertSettings();
  const seen = useRef(new Set<string>());
  const key = [...newer].join(' ');
  useEffect(() => {
    const fresh = takeNewerMails(seen.current, key === '' ? [] : key.split(' '));
    const plan = planNewerMailAlert(fresh.length, {
      muted,
      permission,
      pageVisible: document.visibilityState === 'visible',
    });
    if (plan.chime) playChime();
    if (plan.notify) {
      const notification = new Notification(
        t('email.newerNotificationTitle', { name: customerName }),
        { body: t('email.newerArrived'), tag: `newer-mail-${fresh.at(-1)}` },
      );
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
    }
    // Only a change of the newer mails alerts; the settings are read as they are then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}

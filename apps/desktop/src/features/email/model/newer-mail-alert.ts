import type { NotificationPermissionState } from '../../offers/model/offer-alerts.ts';

/** What a newer customer mail on the open contact sets off besides the banner (R-EM-1). */
export interface NewerMailAlertPlan {
  readonly chime: boolean;
  readonly notify: boolean;
}

/**
 * The mails of `newer` not alerted before; `seen` is updated so each mail alerts once, whatever
 * renders follow.
 */
export function takeNewerMails(seen: Set<string>, newer: Iterable<string>): string[] {
  const fresh = [...newer].filter((id) => !seen.has(id));
  for (const id of fresh) seen.add(id);
  return fresh;
}

/**
 * The offer alerts' choices hold here too: muted, nothing but the banner; otherwise the chime,
 * and a desktop notification while the agent looks at another window, if they allowed it.
 */
export function planNewerMailAlert(
  freshCount: number,
  options: { muted: boolean; permission: NotificationPermissionState; pageVisible: boolean },
): NewerMailAlertPlan {
  if (freshCount === 0 || options.muted) return { chime: false, notify: false };
  return { chime: true, notify: options.permission === 'granted' && !options.pageVisible };
}

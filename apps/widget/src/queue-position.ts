import type { QueuePosition } from '@sangdam/contracts';
import type { Translate } from './i18n.ts';

/** "You are number N in line", with "about M min" only when the server has an estimate. */
export function queuePositionText(t: Translate, place: QueuePosition): string {
  const { position, estimatedWaitSeconds } = place;
  if (estimatedWaitSeconds === null) return t('event.position', { position });
  if (estimatedWaitSeconds < 60) return t('event.positionSoon', { position });
  return t('event.positionWait', { position, minutes: Math.round(estimatedWaitSeconds / 60) });
}

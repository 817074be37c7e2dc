/** A live timer's text: `mm:ss` below an hour, `h:mm:ss` above; negative spans show as 00:00. */
export function formatDuration(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** Time elapsed since an ISO instant, as formatDuration text. */
export function formatElapsed(sinceIso: string, now: number): string {
  return formatDuration(now - Date.parse(sinceIso));
}

/** How much of a countdown is left, from 100 (just started) to 0 (expired). */
export function remainingPercent(startIso: string, endIso: string, now: number): number {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  if (!(end > start)) return 0;
  const left = ((end - now) / (end - start)) * 100;
  return Math.min(100, Math.max(0, left));
}

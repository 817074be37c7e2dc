import { useSyncExternalStore } from 'react';

/** One shared one-second clock for every live timer on screen. */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // A timer that appears while the clock runs starts from now, not from the last tick (React
  // renders it again when the time it read has changed): a countdown never starts a second high.
  now = Date.now();
  if (timer === undefined) {
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getNow(): number {
  return now;
}

/** The current time in milliseconds, re-rendering the caller once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow);
}

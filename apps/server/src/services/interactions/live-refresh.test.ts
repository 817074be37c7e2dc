import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ThrottledRefresh } from './live-refresh.ts';

const log = pino({ level: 'silent' });

describe('ThrottledRefresh', () => {
  it('runs once for a burst, and once more for requests made during a run', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const throttle = new ThrottledRefresh(
      async () => {
        runs += 1;
        if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      log,
      0,
      'test',
    );
    throttle.request();
    throttle.request();
    await Promise.resolve();
    throttle.request();
    throttle.request();
    release();
    await throttle.idle();
    expect(runs).toBe(2);
  });

  it('keeps going after a failed run', async () => {
    let runs = 0;
    const throttle = new ThrottledRefresh(
      () => {
        runs += 1;
        return runs === 1 ? Promise.reject(new Error('database away')) : Promise.resolve();
      },
      log,
      0,
      'test',
    );
    throttle.request();
    await throttle.idle();
    throttle.request();
    await throttle.idle();
    expect(runs).toBe(2);
  });

  it('starts nothing once stopped, even while waiting out the gap', async () => {
    let runs = 0;
    const throttle = new ThrottledRefresh(
      () => {
        runs += 1;
        return Promise.resolve();
      },
      log,
      60_000,
      'test',
    );
    throttle.request();
    await throttle.idle();
    throttle.request();
    await throttle.stop();
    throttle.request();
    await throttle.idle();
    expect(runs).toBe(1);
  });
});

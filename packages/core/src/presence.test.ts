import { describe, expect, it } from 'vitest';
import { initialPresence, transitionPresence, type PresenceState } from './presence.ts';

const t0 = new Date('2026-01-01T09:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function signedIn(): PresenceState {
  return transitionPresence(initialPresence(t0), { to: 'idle', cause: 'sign-in' }, t0);
}

describe('agent presence', () => {
  it('starts Idle after sign-in', () => {
    const presence = signedIn();
    expect(presence.state).toBe('idle');
    expect(presence.version).toBe(1);
  });

  it('records when the agent became Available, for longest-available routing', () => {
    const available = transitionPresence(signedIn(), { to: 'available', cause: 'agent' }, at(5));
    expect(available.availableSince).toEqual(at(5));
    expect(available.since).toEqual(at(5));
  });

  it('requires an idle reason when the agent chooses Idle', () => {
    const available = transitionPresence(signedIn(), { to: 'available', cause: 'agent' }, at(5));
    expect(() => transitionPresence(available, { to: 'idle', cause: 'agent' }, at(6))).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_IDLE_REASON' }),
    );
    const idle = transitionPresence(
      available,
      { to: 'idle', idleReasonId: 'lunch', cause: 'agent' },
      at(6),
    );
    expect(idle).toMatchObject({ state: 'idle', idleReasonId: 'lunch', availableSince: null });
  });

  it('never lets an agent choose RONA', () => {
    const available = transitionPresence(signedIn(), { to: 'available', cause: 'agent' }, at(5));
    expect(() => transitionPresence(available, { to: 'rona', cause: 'agent' }, at(6))).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_CHANGE' }),
    );
  });

  it('puts an Available agent into RONA when an offer times out, left only by their choice', () => {
    const available = transitionPresence(signedIn(), { to: 'available', cause: 'agent' }, at(5));
    const rona = transitionPresence(available, { to: 'rona', cause: 'rona' }, at(35));
    expect(rona.state).toBe('rona');
    expect(rona.availableSince).toBeNull();
    const back = transitionPresence(rona, { to: 'available', cause: 'agent' }, at(40));
    expect(back).toMatchObject({ state: 'available', availableSince: at(40) });
  });

  it('does not put an Idle agent into RONA', () => {
    expect(() => transitionPresence(signedIn(), { to: 'rona', cause: 'rona' }, at(1))).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_CHANGE' }),
    );
  });

  it('keeps the version when nothing changes, so a repeated click is not a new state', () => {
    const available = transitionPresence(signedIn(), { to: 'available', cause: 'agent' }, at(5));
    expect(transitionPresence(available, { to: 'available', cause: 'agent' }, at(9))).toBe(
      available,
    );
  });

  it('signs out from any signed-in state', () => {
    const out = transitionPresence(signedIn(), { to: 'offline', cause: 'sign-out' }, at(3));
    expect(out.state).toBe('offline');
  });
});

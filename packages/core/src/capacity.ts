import type { Channel } from '@sangdam/contracts';

export interface MultimediaProfile {
  mode: 'blended' | 'exclusive';
  capacity: Record<Channel, number>;
}

/** Contacts an agent holds per channel: open ones plus pending offers. */
export type ChannelLoad = Record<Channel, number>;

/**
 * R-AV-2 / R-AV-7: can this agent take one more contact of `channel`? Blended counts each
 * channel against its own limit; Exclusive allows one contact at a time over ticked channels.
 */
export function hasFreeCapacity(
  profile: MultimediaProfile,
  load: ChannelLoad,
  channel: Channel,
): boolean {
  if (profile.capacity[channel] <= 0) return false;
  if (profile.mode === 'exclusive') return load.chat + load.email === 0;
  return load[channel] < profile.capacity[channel];
}

/** The profile used when neither the agent nor a team names one (R-AV-7: chat 5, email 5). */
export const defaultProfile: MultimediaProfile = {
  mode: 'blended',
  capacity: { chat: 5, email: 5 },
};

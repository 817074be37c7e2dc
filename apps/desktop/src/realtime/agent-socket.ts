import type {
  Ack,
  AgentCommand,
  AgentPushListeners,
  CommandPayload,
  CommandResult,
  agentCommands,
} from '@sangdam/contracts';
import type { Socket } from 'socket.io-client';
import { AppError } from '../lib/app-error.ts';

type Commands = typeof agentCommands;
export type AgentCommandPayload<K extends AgentCommand> = CommandPayload<Commands, K>;
export type AgentCommandResult<K extends AgentCommand> = CommandResult<Commands, K>;

/** What the server pushes on the agent namespace: derived from `agentPushes` in the contracts. */
export type AgentPushEvents = AgentPushListeners;
export type OfferGoneReason = Parameters<AgentPushListeners['offer:gone']>[0]['reason'];

/** What the desktop emits (`agentCommands`), each with its ack. */
export type AgentCommandEvents = {
  [K in AgentCommand]: (
    payload: AgentCommandPayload<K>,
    ack: (response: Ack<AgentCommandResult<K>>) => void,
  ) => void;
};

export type AgentSocket = Socket<AgentPushEvents, AgentCommandEvents>;

interface AckEmitter {
  emitWithAck(event: string, payload: unknown): Promise<unknown>;
}

export const commandTimeoutMs = 10_000;

/** Emits one command and resolves with its result, or rejects with an AppError. */
export async function emitCommand<K extends AgentCommand>(
  socket: AgentSocket,
  name: K,
  payload: AgentCommandPayload<K>,
): Promise<AgentCommandResult<K>> {
  // Socket.IO would buffer an emit while offline and send it later; callers decide instead.
  if (!socket.connected) throw new AppError('DISCONNECTED', 'Not connected to the server');
  let ack: Ack<AgentCommandResult<K>>;
  try {
    // Socket.IO's generic ack typing cannot follow a generic command name; the map above can.
    const timed = socket.timeout(commandTimeoutMs) as unknown as AckEmitter;
    ack = (await timed.emitWithAck(name, payload)) as Ack<AgentCommandResult<K>>;
  } catch {
    throw new AppError('TIMEOUT', 'The server did not answer in time');
  }
  if (!ack.ok) throw new AppError(ack.error.code, ack.error.message);
  const { ok: _ok, ...result } = ack;
  return result as AgentCommandResult<K>;
}

/** A random v4 UUID, also where `crypto.randomUUID` is missing (plain-http deployments). */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

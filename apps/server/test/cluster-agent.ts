import type {
  Ack,
  AgentSnapshot,
  Interaction,
  InteractionEvent,
  Offer,
  Presence,
} from '@sangdam/contracts';
import { namespaces } from '@sangdam/contracts';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClusterNode } from './cluster-nodes.ts';

/**
 * Refusals a busy cluster may rightly answer: the offer ran out or went elsewhere first; the
 * transfer's target went RONA or filled up in the meantime.
 */
const expectedRefusals = new Set(['OFFER_EXPIRED', 'OFFER_NOT_PENDING', 'AGENT_UNAVAILABLE']);

/** A chat one agent tried to transfer to an agent on another node. */
export interface ClusterTransfer {
  interactionId: string;
  fromUserId: string;
  fromNode: number;
  toUserId: string;
  /** The server said yes (a refusal, or an answer lost with a dying node, leaves it false). */
  acked: boolean;
}

/** What every agent of the run saw, for the assertions at the end. */
export interface ClusterLog {
  offersReceived: { offerId: string; interactionId: string; userId: string; node: number }[];
  /** Replies sent in sampled chats: interactionId → text and the agent's node. */
  replies: Map<string, { text: string; agentNode: number }>;
  /** Whether this customer writes first and waits for the agent's reply. */
  sampled: (customerName: string) => boolean;
  /** Whom this agent transfers this customer's chat to (an agent on another node), if anyone. */
  transferTarget: (customerName: string, fromNode: number) => string | null;
  transfers: ClusterTransfer[];
  failures: string[];
}

/** One socket on one node: every step of a chat's handling goes through the one it began on. */
interface Connection {
  socket: Socket;
  node: ClusterNode;
}

/**
 * A signed-in agent with a real Socket.IO client: stays Available, accepts what it is offered,
 * transfers the chats the log says to another agent, ends and wraps up the others, and moves to
 * a surviving node when its node dies. Like a desktop reloaded after such a move, it drops what
 * it was doing on the dead node and goes on from the new node's snapshot; it leaves the offers
 * shown on the dead node alone, so they run out and are routed again.
 */
export class ClusterAgent {
  private connection: Connection | null = null;
  private ignoreOffers = new Set<string>();
  private closed = false;

  get nodeIndex(): number {
    return this.connection!.node.index;
  }

  constructor(
    readonly userId: string,
    private readonly cookie: string,
    private readonly wrapUpReasonId: string,
    private readonly log: ClusterLog,
    private readonly survivors: () => ClusterNode[],
    /** How long this agent reads an offer before accepting it. */
    private readonly readingMs = 0,
  ) {}

  async connect(node: ClusterNode): Promise<void> {
    const socket = io(`${node.url}${namespaces.agent}`, {
      transports: ['websocket'],
      extraHeaders: { cookie: this.cookie },
      forceNew: true,
      reconnection: false,
    });
    const via: Connection = { socket, node };
    this.connection = via;
    const snapshot = new Promise<AgentSnapshot>((resolve, reject) => {
      socket.once('agent:snapshot', resolve);
      socket.once('connect_error', reject);
    });
    socket.on('offer:new', (offer: Offer) => {
      this.log.offersReceived.push({
        offerId: offer.id,
        interactionId: offer.interactionId,
        userId: this.userId,
        node: node.index,
      });
      void this.accept(offer.id, via);
    });
    socket.on('presence:changed', (presence: Presence) => {
      if (presence.state === 'rona') void this.command(via, 'presence:set', { state: 'available' });
    });
    socket.on('disconnect', () => {
      if (!this.closed && !node.alive) void this.moveToSurvivor();
    });
    await this.catchUp(await snapshot, via);
  }

  close(): void {
    this.closed = true;
    this.connection?.socket.disconnect();
  }

  /** Goes on with what the server says this agent has: presence, offers, open chats. */
  private async catchUp(snapshot: AgentSnapshot, via: Connection) {
    if (snapshot.presence.state !== 'available')
      await this.command(via, 'presence:set', { state: 'available' });
    for (const offer of snapshot.offers)
      if (!this.ignoreOffers.has(offer.id)) void this.accept(offer.id, via);
    for (const interaction of snapshot.interactions) void this.finish(interaction, via);
  }

  private async moveToSurvivor() {
    const survivors = this.survivors();
    const next = survivors[Math.floor(Math.random() * survivors.length)];
    if (!next) return;
    // Offers shown on the dead node are left to run out (R-AV-4), as a closed desktop would.
    for (const offer of this.log.offersReceived)
      if (offer.userId === this.userId) this.ignoreOffers.add(offer.offerId);
    try {
      await this.connect(next);
    } catch (error) {
      this.log.failures.push(`${this.userId} could not reconnect: ${String(error)}`);
    }
  }

  private async accept(offerId: string, via: Connection) {
    if (this.readingMs > 0) await new Promise((resolve) => setTimeout(resolve, this.readingMs));
    if (this.ignoreOffers.has(offerId)) return;
    const accepted = await this.command<{ interaction: Interaction }>(via, 'offer:accept', {
      offerId,
    });
    if (accepted) await this.finish(accepted.interaction, via);
  }

  /**
   * Answers a sampled customer's message, transfers the chat or ends it, submits the wrap-up.
   * A chat this agent transferred away, or that ended while with someone else, needs only the
   * wrap-up of this agent's part. Stops at the first step its node did not answer.
   */
  private async finish(interaction: Interaction, via: Connection) {
    const { id } = interaction;
    if (interaction.role === 'primary' && interaction.status === 'active') {
      const transferred = await this.transfer(interaction, via);
      if (transferred || !via.node.alive) return;
    }
    if (
      interaction.status === 'active' &&
      this.log.sampled(interaction.customer.name) &&
      !this.log.replies.has(id)
    ) {
      if (!(await this.customerHasWritten(id, via))) return;
      const text = `Reply from node ${via.node.index}`;
      const agentNode = via.node.index;
      const sent = await this.command(via, 'message:send', {
        interactionId: id,
        clientMessageId: randomUUID(),
        text,
      });
      if (!sent) return;
      this.log.replies.set(id, { text, agentNode });
    }
    if (interaction.status === 'active' && interaction.role === 'primary') {
      const ended = await this.command(via, 'interaction:end', { interactionId: id });
      if (!ended) return;
    }
    await this.command(via, 'wrapup:submit', {
      interactionId: id,
      reasonIds: [this.wrapUpReasonId],
    });
  }

  /** Transfers the chat to the agent the log names (once per chat); true when it went. */
  private async transfer(interaction: Interaction, via: Connection): Promise<boolean> {
    const { id, customer } = interaction;
    if (this.log.transfers.some((t) => t.interactionId === id)) return false;
    const toUserId = this.log.transferTarget(customer.name, via.node.index);
    if (!toUserId) return false;
    // Logged before it is sent: the receiving agent may take the chat before this ack arrives,
    // and must not transfer it again.
    const transfer: ClusterTransfer = {
      interactionId: id,
      fromUserId: this.userId,
      fromNode: via.node.index,
      toUserId,
      acked: false,
    };
    this.log.transfers.push(transfer);
    const moved = await this.command<{ interaction: Interaction }>(via, 'transfer:start', {
      interactionId: id,
      to: { kind: 'agent', userId: toUserId },
    });
    if (!moved) return false;
    transfer.acked = true;
    await this.command(via, 'wrapup:submit', {
      interactionId: id,
      reasonIds: [this.wrapUpReasonId],
    });
    return true;
  }

  /**
   * Waits for the customer's first message (it may come before or after the accept). The
   * customer connects only once their start was answered, and on a loaded machine with three
   * nodes that can take many seconds: the wait is long, as a real agent's would be.
   */
  private async customerHasWritten(interactionId: string, via: Connection): Promise<boolean> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const sync = await this.command<{ events: InteractionEvent[] }>(via, 'interaction:sync', {
        interactionId,
        afterSeq: 0,
      });
      if (!sync) return false;
      if (sync.events.some((e) => e.type === 'message' && e.author.kind === 'customer'))
        return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.log.failures.push(`the customer of ${interactionId} never wrote`);
    return true;
  }

  /**
   * Sends a command over the connection its chat's handling began on; a refusal the cluster may
   * rightly give, or a dead node, yields null.
   */
  private async command<T extends object>(
    { socket, node }: Connection,
    event: string,
    payload: unknown,
  ): Promise<T | null> {
    if (!node.alive) return null;
    try {
      const ack = (await socket.timeout(15_000).emitWithAck(event, payload)) as Ack<T>;
      if (ack.ok) return ack;
      if (!expectedRefusals.has(ack.error.code))
        this.log.failures.push(`${event} refused: ${ack.error.code} ${ack.error.message}`);
      return null;
    } catch (error) {
      if (node.alive) this.log.failures.push(`${event} on node ${node.index}: ${String(error)}`);
      return null;
    }
  }
}

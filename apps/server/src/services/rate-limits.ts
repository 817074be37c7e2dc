import type { CustomerLimits } from '@sangdam/contracts';
import { AppError } from '@sangdam/core';
import {
  countHit,
  deleteRateLimitWindowsBefore,
  loadCustomerLimits,
  saveCustomerLimits,
  type Db,
} from '@sangdam/store';

/**
 * Token buckets in this node's memory: up to `perMinute` at once, refilled at `perMinute` a
 * minute. For limits on a connection that lives on one node (a customer's socket) or where a
 * database write per request would cost more than it protects. At most `maxKeys` buckets: the
 * least recently used go first, so many addresses cannot exhaust memory.
 */
export class MemoryRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token; false when the bucket is empty (the caller refuses the request). */
  take(key: string, perMinute: number): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const refilled = bucket
      ? Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute)
      : perMinute;
    const allowed = refilled >= 1;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, at: now });
    if (this.buckets.size > this.maxKeys) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }
    return allowed;
  }
}

const settingsFreshForMs = 5_000;

/**
 * Every limit on people outside: customers (admin-set, `customer_limits`) and sign-in attempts
 * (configured). Counts that must hold across nodes (new chats, sign-ins) live in PostgreSQL;
 * per-connection ones in memory. An admin's change reaches every node within five seconds.
 */
export class RateLimits {
  private readonly memory: MemoryRateLimiter;
  private settings: { limits: CustomerLimits; readAt: number } | null = null;
  private lastCleanup = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly login: { perIpAndEmail: number; perIp: number },
  ) {
    this.memory = new MemoryRateLimiter(() => this.clock().getTime());
  }

  async customerLimits(): Promise<CustomerLimits> {
    const now = this.clock().getTime();
    if (!this.settings || now - this.settings.readAt > settingsFreshForMs) {
      this.settings = { limits: await loadCustomerLimits(this.db), readAt: now };
    }
    return this.settings.limits;
  }

  async saveCustomerLimits(limits: CustomerLimits): Promise<CustomerLimits> {
    await saveCustomerLimits(this.db, limits);
    this.settings = { limits, readAt: this.clock().getTime() };
    return limits;
  }

  /** A customer command on a chat's socket, or a widget request without a chat. */
  async admitCustomer(ip: string, interactionId: string | null): Promise<void> {
    const limits = await this.customerLimits();
    const perChat =
      interactionId === null ||
      this.memory.take(`chat:${interactionId}`, limits.messagesPerChatPerMinute);
    if (!perChat || !this.memory.take(`ip:${ip}`, limits.requestsPerIpPerMinute)) {
      throw tooFast('You are sending too fast; wait a moment and try again');
    }
  }

  /** A new chat from `ip`: counted across every node. */
  async admitChatStart(ip: string): Promise<void> {
    await this.admitCustomer(ip, null);
    const limits = await this.customerLimits();
    if ((await this.count(`chat-start:${ip}`)) > limits.chatStartsPerIpPerMinute) {
      throw tooFast('Too many new chats from your address; wait a minute and try again');
    }
  }

  /**
   * A sign-in attempt. Keyed by address and email, so a wrong password for one account does not
   * lock out colleagues behind the same NAT; a looser ceiling per address bounds guessing
   * across many accounts.
   */
  async admitLogin(ip: string, email: string): Promise<void> {
    const forAccount = await this.count(`login:${ip}:${email.toLowerCase()}`);
    const forAddress = await this.count(`login-ip:${ip}`);
    if (forAccount > this.login.perIpAndEmail || forAddress > this.login.perIp) {
      throw tooFast('Too many sign-in attempts; wait a minute and try again');
    }
  }

  private async count(key: string): Promise<number> {
    const now = this.clock();
    if (now.getTime() - this.lastCleanup > 60_000) {
      this.lastCleanup = now.getTime();
      await deleteRateLimitWindowsBefore(this.db, new Date(now.getTime() - 120_000));
    }
    return countHit(this.db, key, now);
  }
}

function tooFast(message: string) {
  return new AppError('RATE_LIMITED', message);
}

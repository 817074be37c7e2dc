import type { Logger } from 'pino';

/**
 * Work a node repeats every `everyMs` (the workers' sweeps): one pass at a time — a pass still
 * running when the next is due is not doubled — a failed pass logged and the next one tried;
 * `stop` waits for the pass in flight.
 */
export abstract class Periodic {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly schedule: { log: Logger; name: string; everyMs: number }) {}

  /** One pass of the work. */
  abstract sweep(): Promise<unknown>;

  start(): void {
    const { log, name, everyMs } = this.schedule;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) => log.error({ err: error }, `${name} failed`))
        .finally(() => (this.running = null));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

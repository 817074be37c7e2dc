import { Worker } from 'node:worker_threads';
import { movableBuffers, type ReceiveOptions, type ReceiveResult } from './receive.ts';

export interface MailWorkersOptions {
  /** Threads (1–2 on a small machine); each screens one mail at a time. */
  size: number;
  /** A mail a thread has not finished after this long ends that thread (and fails the mail). */
  timeoutMs: number;
  /** Told of each thread started (monitoring; tests use it to end one). */
  onThreadStart?: (thread: Worker) => void;
}

/** A mail a worker thread did not finish: it crashed, was ended, or ran out of time. */
export class MailWorkerFailed extends Error {}

interface Task {
  raw: Uint8Array;
  options: ReceiveOptions;
  resolve: (result: ReceiveResult) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

type Reply = { ready: true } | { id: number; result?: ReceiveResult; error?: string };

/**
 * A small pool of worker threads that parse and screen received mail (`receiveMail`), so that a
 * 5 MB mail's few hundred milliseconds of CPU run beside the main thread rather than holding
 * every other mail, socket and timer behind it. The message's bytes move to the thread and back
 * (no copies of megabytes). A thread that crashes, exits or exceeds `timeoutMs` fails only the
 * mail it had (MailWorkerFailed: the source answers it with a temporary error, so the sender
 * retries) and is replaced on the next mail. Threads start on first use and do not keep the
 * process alive.
 */
export class MailWorkers {
  readonly #threads = new Set<Thread>();
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;

  constructor(private readonly options: MailWorkersOptions) {}

  /** Parses and screens `raw` in a worker thread. `raw`'s memory moves there: do not use it after. */
  receive(raw: Uint8Array, options: ReceiveOptions): Promise<ReceiveResult> {
    if (this.#closed) return Promise.reject(new MailWorkerFailed('The mail workers are closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ raw, options, resolve, reject });
      this.#dispatch();
    });
  }

  /** Ends every thread; mails still waiting or in a thread fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) {
      task.reject(new MailWorkerFailed('The mail workers are closed'));
    }
    await Promise.all([...this.#threads].map((thread) => this.#end(thread, 'closed')));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const thread = [...this.#threads].find((t) => t.ready && t.task === undefined);
      if (!thread) {
        const starting = [...this.#threads].some((t) => !t.ready);
        if (!starting && this.#threads.size < this.options.size) this.#start();
        return;
      }
      this.#run(thread, this.#queue.shift()!);
    }
  }

  #start(): void {
    const worker = new Worker(new URL('./mail-worker.js', import.meta.url));
    worker.unref();
    const thread: Thread = { worker, ready: false };
    this.#threads.add(thread);
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        thread.ready = true;
        this.#dispatch();
        return;
      }
      const task = thread.task;
      clearTimeout(thread.timer);
      thread.task = undefined;
      if (task) {
        if (reply.result) task.resolve(reply.result);
        else task.reject(new Error(reply.error ?? 'The mail worker failed'));
      }
      this.#dispatch();
    });
    worker.on('error', (error) => void this.#end(thread, `crashed: ${error.message}`));
    worker.on('exit', (code) => void this.#end(thread, `stopped (exit code ${code})`));
    this.options.onThreadStart?.(worker);
  }

  #run(thread: Thread, task: Task): void {
    thread.task = task;
    thread.timer = setTimeout(
      () => void this.#end(thread, `ran out of time (${this.options.timeoutMs} ms)`),
      this.options.timeoutMs,
    );
    const id = this.#nextId++;
    thread.worker.postMessage(
      { id, raw: task.raw, options: task.options },
      movableBuffers([task.raw]),
    );
  }

  /** Takes a thread out of the pool, failing its mail; later mails go to a new one. */
  async #end(thread: Thread, why: string): Promise<void> {
    if (!this.#threads.delete(thread)) return;
    clearTimeout(thread.timer);
    // A thread that dies before it is ready (it could not load) fails a waiting mail, so a
    // thread that can never start does not hold the queue forever.
    const task = thread.ready ? thread.task : this.#queue.shift();
    thread.task = undefined;
    task?.reject(new MailWorkerFailed(`The mail worker thread ${why}`));
    await thread.worker.terminate();
    if (!this.#closed) this.#dispatch();
  }
}

import { createImapSource, type ImapSourceOptions, type MailSource } from '@sangdam/mail';
import type { ImapProblemCode } from '@sangdam/contracts';
import {
  listEmailAddresses,
  loadImapCheckpoint,
  recordImapProblem,
  recordImapSuccess,
  saveImapCheckpoint,
  type EmailAddressRow,
  type SessionLocks,
} from '@sangdam/store';
import { openMailSecret } from '../../auth/mail-secrets.ts';
import type { Deps } from '../deps.ts';
import { mailSink } from './ingest.ts';

/** The advisory-lock class of IMAP mailboxes (the second int is a hash of the address id). */
export const imapLockClass = 7242011;

export interface ImapPollerOptions {
  /** Opens the sealed IMAP passwords; without it no mailbox is read (and the admin is told why in the log). */
  secretKey: string | undefined;
  locks: SessionLocks;
  /** How often the configured mailboxes are read again (admin changes, a mailbox another node let go). */
  rescanEveryMs?: number;
  /** Passed to every IMAP source (tests shorten its intervals). */
  source?: Pick<ImapSourceOptions, 'pollIntervalMs' | 'retryDelayMs' | 'reconnectDelayMs'>;
}

interface Running {
  fingerprint: string;
  source: MailSource;
}

/** A mailbox read again and again is recorded as read at most this often (a write per poll saved). */
const successEveryMs = 30_000;

/**
 * The IMAP mailboxes of the organisation's email addresses (R-EM-1), read on every node with
 * the `workers` role: one IMAP source per address that has a mailbox, its password opened with
 * MAIL_SECRET_KEY, its checkpoint in `imap_checkpoints`, its mail handed to `mailSink`.
 *
 * Only one node reads a mailbox at a time: it holds the mailbox's session advisory lock (see
 * `sessionLocks`), so a node that dies lets go at once and another takes over at its next
 * rescan. Two readers would still store nothing twice (imap_seen and the Message-ID are
 * unique); the lock saves the double work and the races on \Seen.
 *
 * Admin changes take effect at the next rescan (every `rescanEveryMs`, on every node, whichever
 * node the admin used): a new mailbox is started, an edited one restarted, a removed one stopped.
 */
export class ImapPollers {
  private readonly running = new Map<string, Running>();
  /** Problems already logged, per mailbox and configuration: a broken one is not logged every rescan. */
  private readonly reported = new Set<string>();
  /** When each mailbox's success was last written; dropped when a problem is written. */
  private readonly successWritten = new Map<string, number>();
  /** Status writes, one after the other (in the order things happened), awaited by stop(). */
  private statusWrites: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: Deps,
    private readonly options: ImapPollerOptions,
  ) {
    options.locks.onLost(() => {
      deps.log.warn(
        'IMAP: the connection holding the mailbox locks broke; reading stops until retaken',
      );
      const sources = [...this.running.values()];
      this.running.clear();
      void Promise.all(sources.map((r) => r.source.stop()));
    });
  }

  /** The address ids whose mailbox this node reads now. */
  get polling(): string[] {
    return [...this.running.keys()];
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.request(), this.options.rescanEveryMs ?? 15_000);
    this.timer.unref();
    this.request();
  }

  /** Reads the configuration again soon (coalesced). */
  request(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.rescan()
      .catch((error: unknown) => this.deps.log.error({ err: error }, 'IMAP: rescan failed'))
      .finally(() => {
        this.pass = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.request();
        }
      });
  }

  /** Resolves once a rescan that is under way has finished (tests). */
  async settled(): Promise<void> {
    while (this.pass) await this.pass;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pass;
    await Promise.all([...this.running.keys()].map((id) => this.stopSource(id)));
    await this.statusWrites;
    await this.options.locks.close();
  }

  private async rescan(): Promise<void> {
    const wanted = new Map(
      (await listEmailAddresses(this.deps.db))
        .filter((row) => row.imapHost !== null)
        .map((row) => [row.id, row]),
    );
    // Stopped side by side: one mailbox still logging in (a server may delay a failed login)
    // must not hold up letting go of the others.
    const changed = [...this.running]
      .filter(([id, running]) => {
        const row = wanted.get(id);
        return !row || fingerprintOf(row) !== running.fingerprint;
      })
      .map(([id]) => id);
    await Promise.all(changed.map((id) => this.stopSource(id)));
    for (const row of wanted.values()) {
      if (this.stopped) return;
      if (!this.running.has(row.id)) await this.startSource(row);
    }
  }

  private async startSource(row: EmailAddressRow): Promise<void> {
    const fingerprint = fingerprintOf(row);
    const context = { emailAddressId: row.id, address: row.address, host: row.imapHost };
    if (!this.options.secretKey) {
      this.reportOnce(
        fingerprint,
        context,
        'MAIL_SECRET_KEY is not set: this mailbox is not read',
        {
          code: 'secret-key-missing',
          detail: 'MAIL_SECRET_KEY is not set on the server',
        },
      );
      return;
    }
    let password: string;
    try {
      password = openMailSecret(this.options.secretKey, row.imapPasswordSealed!);
    } catch {
      this.reportOnce(
        fingerprint,
        context,
        'the stored password does not open with this MAIL_SECRET_KEY (was the key changed?): set the password again',
        {
          code: 'secret-key-mismatch',
          detail: 'the stored password does not open with this MAIL_SECRET_KEY',
        },
      );
      return;
    }
    if (!(await this.options.locks.tryLock(row.id))) return;
    const folder = row.imapFolder!;
    const log = this.deps.log;
    const source = createImapSource({
      mailboxId: row.id,
      mailbox: {
        host: row.imapHost!,
        port: row.imapPort!,
        tls: row.imapTls!,
        user: row.imapUser!,
        password,
        folder,
      },
      sink: mailSink(this.deps),
      checkpoint: {
        load: () => loadImapCheckpoint(this.deps.db, row.id, folder),
        save: (checkpoint) => saveImapCheckpoint(this.deps.db, row.id, folder, checkpoint),
      },
      // Never the error object itself: what a server answers may quote what it was sent.
      onError: (error, problem) => {
        const clean = withoutSecret(error, password);
        log.warn({ ...context, error: clean, problem }, 'IMAP mailbox');
        this.recordProblem(row.id, problem, clean.message);
      },
      onSynced: () => this.recordSuccess(row.id),
      onUidValidityChange: (change) =>
        log.warn(
          { ...context, previous: String(change.previous), current: String(change.current) },
          'IMAP: the folder was recreated (UIDVALIDITY changed), reading it again from the start',
        ),
      onOversize: (message) =>
        log.warn({ ...context, ...message }, 'IMAP: a message too large to fetch was left unread'),
      ...this.options.source,
    });
    this.running.set(row.id, { fingerprint, source });
    log.info(context, 'IMAP: reading the mailbox');
    await source.start();
  }

  private async stopSource(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    this.running.delete(id);
    await running.source.stop();
    await this.options.locks
      .unlock(id)
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'IMAP: unlock failed'));
  }

  private reportOnce(
    fingerprint: string,
    context: { emailAddressId: string },
    problem: string,
    status: { code: ImapProblemCode; detail: string },
  ) {
    if (this.reported.has(fingerprint)) return;
    this.reported.add(fingerprint);
    this.deps.log.error(context, `IMAP: ${problem}`);
    this.recordProblem(context.emailAddressId, status.code, status.detail);
  }

  /** For the admins' status badge (the log has it too). */
  private recordProblem(id: string, code: ImapProblemCode, detail: string) {
    this.successWritten.delete(id);
    const at = this.deps.clock();
    this.writeStatus(() =>
      recordImapProblem(this.deps.db, id, { at, code, detail: detail.slice(0, 500) }),
    );
  }

  private recordSuccess(id: string) {
    const now = this.deps.clock();
    const written = this.successWritten.get(id);
    if (written !== undefined && now.getTime() - written < successEveryMs) return;
    this.successWritten.set(id, now.getTime());
    this.writeStatus(() => recordImapSuccess(this.deps.db, id, now));
  }

  private writeStatus(write: () => Promise<void>) {
    this.statusWrites = this.statusWrites
      .then(write)
      .catch((error: unknown) =>
        this.deps.log.warn({ err: error }, 'IMAP: could not record how a mailbox is doing'),
      );
  }
}

/** What a running source was started with: a change to any of it restarts the source. */
function fingerprintOf(row: EmailAddressRow): string {
  return JSON.stringify([
    row.id,
    row.imapHost,
    row.imapPort,
    row.imapTls,
    row.imapUser,
    row.imapPasswordSealed,
    row.imapFolder,
  ]);
}

/** An error as the log may keep it: message and code, the password cut out wherever it shows. */
function withoutSecret(error: Error, password: string): { message: string; code?: string } {
  const clean = (text: string) => (password ? text.split(password).join('***') : text);
  const code = (error as { code?: unknown }).code;
  return {
    message: clean(error.message),
    ...(typeof code === 'string' && { code: clean(code) }),
  };
}

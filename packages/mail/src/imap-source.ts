import { ImapFlow } from 'imapflow';
import type { MailSink, MailSource } from './types.ts';

/** An admin-configured mailbox to read mail from. */
export interface ImapMailbox {
  host: string;
  port: number;
  /** Implicit TLS (IMAPS, usually 993); without it STARTTLS is used when the server offers it. */
  tls: boolean;
  user: string;
  password: string;
  /** The folder to read, INBOX by default. */
  folder?: string;
}

/** How far the server got in a folder: every UID up to `lastUid` is committed. */
export interface ImapCheckpoint {
  uidValidity: bigint;
  lastUid: number;
}

export interface ImapSourceOptions {
  /** The server's id of the configured mailbox (goes into each message's origin). */
  mailboxId: string;
  mailbox: ImapMailbox;
  sink: MailSink;
  /** Where the server keeps the checkpoint (the database), so a restart resumes after it. */
  checkpoint: {
    load(): Promise<ImapCheckpoint | undefined> | ImapCheckpoint | undefined;
    save(checkpoint: ImapCheckpoint): Promise<void> | void;
  };
  /**
   * The folder's UIDVALIDITY changed (it was recreated or restored): every UID is new, so the
   * folder is read again from the start; the sink's Message-ID check keeps that from storing twice.
   */
  onUidValidityChange?: (change: { previous: bigint; current: bigint }) => void;
  /**
   * Told about connection and sink errors (never given the message itself), with what kind of
   * problem it is: a failing sink is `store-failed`.
   */
  onError?: (error: Error, problem: ImapProblem) => void;
  /** The folder was read to its end: every message in it is stored (or refused). */
  onSynced?: () => void;
  /**
   * What the first read of a folder (no checkpoint yet) takes: only the unseen messages
   * (default: a mailbox someone already worked in keeps its read mail to itself), or all of them.
   */
  firstRead?: 'unseen' | 'all';
  /** A look for new mail even without news from IDLE, in ms (default 60 s). */
  pollIntervalMs?: number;
  /** After a failing sink, when to try that message again, in ms (default 30 s). */
  retryDelayMs?: number;
  /** Reconnection backoff, doubled per failure up to the maximum (default 1 s … 60 s). */
  reconnectDelayMs?: { initial: number; max: number };
  /**
   * Largest message downloaded (RFC822.SIZE is read first), 64 MB by default; a larger one is
   * reported, left unseen in the mailbox and passed over.
   */
  maxBytes?: number;
  onOversize?: (message: { uid: number; size: number }) => void;
  /** TLS options for a server with a private certificate (tests, self-hosted). */
  tlsOptions?: { rejectUnauthorized?: boolean };
}

const toError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** What went wrong with a mailbox, in words an admin can act on (the UIs name each one). */
export type ImapProblem =
  | 'auth-failed'
  | 'unreachable'
  | 'timeout'
  | 'tls-failed'
  | 'folder-missing'
  | 'store-failed'
  | 'other';

/** Sorts an error of imapflow or the network into an ImapProblem. */
export function imapProblemOf(error: unknown): ImapProblem {
  const fields = (error ?? {}) as {
    code?: unknown;
    authenticationFailed?: unknown;
    serverResponseCode?: unknown;
    mailboxMissing?: unknown;
    message?: unknown;
  };
  const code = typeof fields.code === 'string' ? fields.code : '';
  const message = typeof fields.message === 'string' ? fields.message : '';
  if (
    fields.authenticationFailed === true ||
    fields.serverResponseCode === 'AUTHENTICATIONFAILED'
  ) {
    return 'auth-failed';
  }
  if (fields.mailboxMissing === true || fields.serverResponseCode === 'NONEXISTENT') {
    return 'folder-missing';
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    return 'unreachable';
  }
  if (code === 'ETIMEDOUT' || /TIMEOUT/.test(code)) return 'timeout';
  if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) return 'tls-failed';
  if (/\bssl\b|\btls\b|certificate/i.test(message)) return 'tls-failed';
  return 'other';
}

/**
 * Reads a mailbox over IMAP (imapflow): waits for news with IDLE (or a poll), fetches by UID
 * above the checkpoint, hands each message to the sink in UID order, and only after the sink
 * resolved marks it \Seen and advances the checkpoint. Never deletes. A dropped connection is
 * reopened with backoff; a failing sink leaves the message unseen and tries it again later.
 */
export function createImapSource(options: ImapSourceOptions): MailSource {
  const folder = options.mailbox.folder ?? 'INBOX';
  const pollIntervalMs = options.pollIntervalMs ?? 60_000;
  const retryDelayMs = options.retryDelayMs ?? 30_000;
  const backoff = options.reconnectDelayMs ?? { initial: 1000, max: 60_000 };
  const onError = options.onError ?? (() => {});
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  let stopped = false;
  let wake: () => void = () => {};
  let loop: Promise<void> | undefined;

  /** Resolves on news from the server, a dropped connection, stop(), or after `ms`. */
  function waitForNews(client: ImapFlow, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('exists', done);
        client.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      client.on('exists', done);
      client.on('close', done);
      wake = done;
    });
  }

  /**
   * Hands every new message to the sink; false when the sink failed (try again later). The
   * first read of a folder takes only its unseen messages (`firstRead`), and saves the
   * checkpoint once, past everything the folder held, only when all of them were taken: until
   * then there is no checkpoint and the next try again reads only what is still unseen.
   */
  async function sync(client: ImapFlow): Promise<boolean> {
    if (client.mailbox === false) throw new Error(`${folder} is not open`);
    const { uidValidity, uidNext } = client.mailbox;
    const saved = await options.checkpoint.load();
    if (saved !== undefined && saved.uidValidity !== uidValidity) {
      options.onUidValidityChange?.({ previous: saved.uidValidity, current: uidValidity });
    }
    const firstRead = saved === undefined && (options.firstRead ?? 'unseen') === 'unseen';
    const lastUid = saved?.uidValidity === uidValidity ? saved.lastUid : 0;
    // `n:*` names the last message even when its UID is below n: filter, do not trust the range.
    const found = await client.search(firstRead ? { seen: false } : { uid: `${lastUid + 1}:*` }, {
      uid: true,
    });
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    // Per message only once a checkpoint exists: a first read saves it at its end.
    const advance = (uid: number) =>
      firstRead ? undefined : options.checkpoint.save({ uidValidity, lastUid: uid });
    for (const uid of uids) {
      if (stopped) return true;
      const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!head) continue;
      if ((head.size ?? 0) > maxBytes) {
        options.onOversize?.({ uid, size: head.size ?? 0 });
        await advance(uid);
        continue;
      }
      const message = await client.fetchOne(
        String(uid),
        { uid: true, source: true },
        { uid: true },
      );
      if (!message || message.source === undefined) continue;
      const outcome = await options
        .sink({
          origin: { kind: 'imap', mailboxId: options.mailboxId, folder, uidValidity, uid },
          raw: message.source,
        })
        .catch((error: unknown) => {
          onError(toError(error), 'store-failed');
          return undefined;
        });
      if (outcome === undefined) return false;
      // A refused message stays unseen in the mailbox for a person to look at.
      if (outcome.status !== 'refused')
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      await advance(uid);
    }
    if (firstRead) {
      // uidNext was read before the search: every message below it was there to be searched.
      const last = Math.max(uidNext - 1, ...uids);
      await options.checkpoint.save({ uidValidity, lastUid: last });
    }
    return true;
  }

  async function session(): Promise<void> {
    const client = new ImapFlow({
      host: options.mailbox.host,
      port: options.mailbox.port,
      secure: options.mailbox.tls,
      auth: { user: options.mailbox.user, pass: options.mailbox.password },
      logger: false,
      tls: options.tlsOptions,
      // IDLE a second after our last command (imapflow waits 15 s): new mail shows at once.
      autoIdleDelay: 1000,
    });
    client.on('error', (error: unknown) => onError(toError(error), imapProblemOf(error)));
    try {
      await client.connect();
      // Opened, not locked: imapflow starts IDLE by itself only while no lock is held, and this
      // connection is ours alone.
      await client.mailboxOpen(folder);
      while (!stopped && client.usable) {
        const complete = await sync(client);
        if (stopped) break;
        if (complete) options.onSynced?.();
        await waitForNews(client, complete ? pollIntervalMs : retryDelayMs);
      }
    } finally {
      if (client.usable) await client.logout().catch(() => client.close());
      else client.close();
    }
  }

  async function run(): Promise<void> {
    let delay = backoff.initial;
    while (!stopped) {
      const began = Date.now();
      await session().catch((error: unknown) => onError(toError(error), imapProblemOf(error)));
      if (stopped) return;
      // A connection that held for a while starts the backoff again.
      delay = Date.now() - began > backoff.max ? backoff.initial : delay;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => (clearTimeout(timer), resolve());
      });
      delay = Math.min(delay * 2, backoff.max);
    }
  }

  return {
    start() {
      stopped = false;
      loop = run();
      return Promise.resolve();
    },
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}

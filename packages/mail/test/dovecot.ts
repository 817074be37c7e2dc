/**
 * A real IMAP server for tests: Debian's Dovecot (`apt-get install dovecot-imapd
 * dovecot-lmtpd`, done by .ci/run) started from a config of its own in a throwaway folder, IMAP
 * and LMTP on free ports, users in a passwd-file with {PLAIN} passwords, Maildir storage.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';

const run = promisify(execFile);
export const DOVECOT = '/usr/sbin/dovecot';
export const dovecotInstalled = existsSync(DOVECOT);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Dovecot will not run mail processes as root: as root, mail belongs to its `dovecot` user. */
async function mailAccount(): Promise<{ user: string; uid: number; gid: number }> {
  const me = userInfo();
  if (me.uid !== 0) return { user: me.username, uid: me.uid, gid: me.gid };
  const { stdout } = await run('id', ['-u', 'dovecot']);
  const { stdout: gid } = await run('id', ['-g', 'dovecot']);
  return { user: 'dovecot', uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

export interface Dovecot {
  host: string;
  imapPort: number;
  lmtpPort: number;
  /** Creates a user (password in clear, {PLAIN}). */
  addUser(user: string, password: string): Promise<void>;
  /** Delivers a raw message into a user's INBOX over LMTP. */
  deliver(user: string, raw: string | Buffer): Promise<void>;
  /** The flags of every message in a user's INBOX, by UID, read with an IMAP client of its own. */
  flags(user: string): Promise<Map<number, string[]>>;
  /** Stops and starts the server on the same ports: every IMAP connection is dropped. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'sangdam-dovecot-'));
  await chmod(dir, 0o755);
  const account = await mailAccount();
  const [imapPort, lmtpPort] = [await freePort(), await freePort()];
  // One passwd-file per user (a path with %u): a user added while Dovecot runs is seen at once.
  const users = join(dir, 'users');
  const config = join(dir, 'dovecot.conf');
  for (const sub of ['run', 'state', 'mail']) await mkdir(join(dir, sub));
  await chown(join(dir, 'mail'), account.uid, account.gid);
  await mkdir(users, { mode: 0o755 });
  await writeFile(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
listen = 127.0.0.1
protocols = imap lmtp
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${account.user}
default_internal_group = ${account.user === 'dovecot' ? 'dovecot' : userInfo().username}
default_login_user = ${account.user}
first_valid_uid = ${account.uid}
mail_location = maildir:${dir}/mail/%u
mail_uid = ${account.uid}
mail_gid = ${account.gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${users}/%u
}
userdb {
  driver = passwd-file
  args = username_format=%u ${users}/%u
  default_fields = uid=${account.uid} gid=${account.gid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`,
  );

  let master: ChildProcess | undefined;
  const start = async () => {
    // In the foreground (-F), as our own child: no daemon outlives the test run.
    master = spawn(DOVECOT, ['-F', '-c', config], { stdio: 'ignore' });
    // The master forks its listeners: wait until IMAP answers.
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const socket = createConnection(imapPort, '127.0.0.1');
        socket.once('data', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `dovecot did not start: ${await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '')}`,
    );
  };
  const halt = async () => {
    const running = master;
    master = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  const passwords = new Map<string, string>();

  return {
    host: '127.0.0.1',
    imapPort,
    lmtpPort,
    async addUser(user, password) {
      passwords.set(user, password);
      await writeFile(join(users, user), `${user}:{PLAIN}${password}::::\n`, { mode: 0o644 });
    },
    async deliver(user, raw) {
      const lmtp = nodemailer.createTransport({
        lmtp: true,
        host: '127.0.0.1',
        port: lmtpPort,
        ignoreTLS: true,
      });
      await lmtp.sendMail({ envelope: { from: 'sender@example.org', to: [user] }, raw });
      lmtp.close();
    },
    async flags(user) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: imapPort,
        secure: false,
        auth: { user, pass: passwords.get(user) ?? '' },
        logger: false,
      });
      await client.connect();
      const lock = await client.getMailboxLock('INBOX');
      const flags = new Map<number, string[]>();
      try {
        for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
          flags.set(message.uid, [...(message.flags ?? [])]);
        }
      } finally {
        lock.release();
        await client.logout();
      }
      return flags;
    },
    async restart() {
      await halt();
      await start();
    },
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

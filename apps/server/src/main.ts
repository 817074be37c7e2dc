import { loadConfig } from './config.ts';
import { createSangdam } from './app.ts';

/** `npm start`: one process runs everything on the embedded database unless DATABASE_URL is set. */
async function main() {
  const config = loadConfig();
  const sangdam = await createSangdam(config);
  // A promise one connection left unhandled is a bug to log, not a reason to drop every chat.
  process.on('unhandledRejection', (reason) => {
    sangdam.deps.log.error({ err: reason }, 'unhandled promise rejection');
  });
  const address = await sangdam.app.listen({ port: config.PORT, host: config.HOST });
  const smtpPort = await sangdam.startSmtp();
  const base = config.PUBLIC_URL ?? address.replace('0.0.0.0', 'localhost');
  const lines = [
    '',
    `Sangdam is running (${config.DATABASE_URL ? 'PostgreSQL' : `embedded database in ${config.dataDir}`})`,
    `  Agent desktop:     ${base}/`,
    `  Customer widget:   ${base}/demo`,
    `  API docs:          ${base}/api/docs`,
  ];
  if (smtpPort !== null) lines.push(`  Mail in (SMTP):    port ${smtpPort}`);
  if (smtpPort !== null && !config.SMTP_RELAY_URL) {
    lines.push(`  Email demo:        ${base}/demo/email (answers land in ${sangdam.demoMailbox})`);
  }
  if (sangdam.seededLogins) {
    lines.push('', 'Demo logins (created now; change them before real use):');
    for (const login of sangdam.seededLogins) {
      lines.push(
        `  ${login.role.padEnd(10)} ${login.email.padEnd(26)} password: ${login.password}`,
      );
    }
  } else {
    lines.push(
      '',
      'Demo logins: agent1@sangdam.local … agent3, supervisor@, admin@ (password sangdam-demo unless changed)',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  const shutdown = () => {
    sangdam
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

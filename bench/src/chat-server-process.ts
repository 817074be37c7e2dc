// Starts chat-server.ts in a child process and reads its CPU and memory over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const readyWaitMs = 300_000;

export type ServerKind = 'sangdam' | 'relay' | 'durable';

/** What the server process tells its parent once it listens. */
export interface ServerReady {
  type: 'ready';
  url: string;
  /** Sangdam only: the agents' sign-in emails (all with `agentPassword`). */
  agentEmails: string[];
}

export interface ServerUsage {
  type: 'usage';
  /** process.cpuUsage(): every thread of the server process (PGlite's included), in µs. */
  cpu: NodeJS.CpuUsage;
  rss: number;
  heapUsed: number;
}

export const agentPassword = 'bench-password';

export interface ServerProcess {
  url: string;
  agentEmails: string[];
  usage(): Promise<ServerUsage>;
  stop(): Promise<void>;
}

export async function startServerProcess(options: {
  kind: ServerKind;
  databaseUrl: string | null;
  agents?: number;
}): Promise<ServerProcess> {
  const args = ['--kind', options.kind, '--agents', String(options.agents ?? 0)];
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./chat-server.ts', import.meta.url)),
    args,
    {
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.BENCH_CPU_PROF
          ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start')), readyWaitMs);
    child.once('message', (message: ServerReady) => {
      clearTimeout(timer);
      resolve(message);
    });
    void exited.then((code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    url: ready.url,
    agentEmails: ready.agentEmails,
    usage: () =>
      new Promise((resolve) => {
        child.once('message', (message: ServerUsage) => resolve(message));
        child.send('usage');
      }),
    async stop() {
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

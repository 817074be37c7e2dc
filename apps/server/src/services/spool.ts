import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where uploads spill to disk while they are received and checked: private folders named
 * `<prefix><pid>-<process start ms>-<random>` in `dir`. `DATA_DIR/tmp` with the prefix `upload-` when Sangdam keeps
 * its data in a folder; the system's temporary folder with `sangdam-upload-` for `memory://`.
 */
export interface SpoolPlace {
  dir: string;
  prefix: string;
}

export function spoolPlace(dataDir: string): SpoolPlace {
  return dataDir.startsWith('memory://')
    ? { dir: tmpdir(), prefix: 'sangdam-upload-' }
    : { dir: join(dataDir, 'tmp'), prefix: 'upload-' };
}

/** When this process started (ms): with the pid, it tells this process from an earlier one. */
const processStart = Math.floor(performance.timeOrigin);

/** A new private (0700) spool folder of this process; the caller removes it. */
export async function makeSpool(place: SpoolPlace): Promise<string> {
  await mkdir(place.dir, { recursive: true, mode: 0o700 });
  return mkdtemp(join(place.dir, `${place.prefix}${process.pid}-${processStart}-`));
}

/** Whether a process with this id runs on this machine now. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * At start: removes the spool folders that a process which no longer runs left behind (killed
 * while receiving an upload). Only folders of our own shape are touched, and never those of a
 * live process (other nodes or test servers sharing the folder). A folder with our own pid but
 * another start time is from an earlier life (a container restarts as pid 1 again). Returns the
 * names removed.
 */
export async function removeAbandonedSpools(
  place: SpoolPlace,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(place.dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = /^(\d+)-(\d+)-\w{6}$/.exec(
      name.startsWith(place.prefix) ? name.slice(place.prefix.length) : '',
    );
    if (!match) continue;
    const [pid, started] = [Number(match[1]), Number(match[2])];
    const abandoned = pid === process.pid ? started !== processStart : !isAlive(pid);
    if (!abandoned) continue;
    await rm(join(place.dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

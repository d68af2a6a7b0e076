// Pid files in DATA_DIR, so a child left running by a crashed parent is found and stopped.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface PidRecord {
  pid: number;
  /** A string the process's command line contains, so a recycled pid is never killed. */
  marker: string;
}

const pidFile = (dataDir: string, name: string) => join(dataDir, `${name}.pid`);

export function writePidFile(dataDir: string, name: string, record: PidRecord): void {
  writeFileSync(pidFile(dataDir, name), JSON.stringify(record));
}

export function removePidFile(dataDir: string, name: string): void {
  rmSync(pidFile(dataDir, name), { force: true });
}

/** The recorded process when it is still running and is still ours, else undefined. */
export function runningFromPidFile(dataDir: string, name: string): PidRecord | undefined {
  const file = pidFile(dataDir, name);
  if (!existsSync(file)) return undefined;
  let record: PidRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
  return isOurs(record) ? record : undefined;
}

function isOurs({ pid, marker }: PidRecord): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(marker);
  } catch {
    // No /proc (macOS): trust the pid file.
    return true;
  }
}

/** Stops a stale process named by the pid file (SIGTERM, then SIGKILL after 5 s). */
export async function stopStale(dataDir: string, name: string): Promise<number | undefined> {
  const record = runningFromPidFile(dataDir, name);
  removePidFile(dataDir, name);
  if (!record) return undefined;
  process.kill(record.pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && isOurs(record)) await new Promise((r) => setTimeout(r, 100));
  if (isOurs(record)) process.kill(record.pid, 'SIGKILL');
  while (isOurs(record)) await new Promise((r) => setTimeout(r, 50));
  return record.pid;
}

// Local mode's controllable clock: real time plus an offset that only grows, kept in DATA_DIR.
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControllableClock } from '#api/routes/dev-clock.ts';

/** The clock plus a hook for what runs on it (the workflow emulator's wake-ups). */
export interface FileClock extends ControllableClock {
  /**
   * Calls `listener` after every move, and `set` resolves once every listener has: a
   * `POST /api/dev/clock` answers after the Waits and timeouts it made due have fired.
   * Returns a function that removes the listener.
   */
  onMove(listener: (now: Date) => Promise<void> | void): () => void;
}

export function fileClock(dataDir: string): FileClock {
  const file = join(dataDir, 'clock.json');
  let offsetMs = existsSync(file)
    ? Number(JSON.parse(readFileSync(file, 'utf8')).offsetMs ?? 0)
    : 0;
  const listeners = new Set<(now: Date) => Promise<void> | void>();
  const now = () => new Date(Date.now() + offsetMs);
  return {
    now,
    async set(to) {
      const next = to.getTime() - Date.now();
      // Forward only: real time moves on too, so keep the larger offset.
      offsetMs = Math.max(offsetMs, next);
      const temporary = `${file}.tmp`;
      await writeFile(temporary, JSON.stringify({ offsetMs, setAt: new Date().toISOString() }));
      await rename(temporary, file);
      await Promise.all([...listeners].map((listener) => listener(now())));
    },
    onMove(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

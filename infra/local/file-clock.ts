// Local mode's controllable clock: real time plus an offset that only grows, kept in DATA_DIR.
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControllableClock } from '#api/routes/dev-clock.ts';

export function fileClock(dataDir: string): ControllableClock {
  const file = join(dataDir, 'clock.json');
  let offsetMs = existsSync(file)
    ? Number(JSON.parse(readFileSync(file, 'utf8')).offsetMs ?? 0)
    : 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    async set(to) {
      const next = to.getTime() - Date.now();
      // Forward only: real time moves on too, so keep the larger offset.
      offsetMs = Math.max(offsetMs, next);
      const temporary = `${file}.tmp`;
      await writeFile(temporary, JSON.stringify({ offsetMs, setAt: new Date().toISOString() }));
      await rename(temporary, file);
    },
  };
}

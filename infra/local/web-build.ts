// Builds the Astro site for a city when web/dist is missing or older than its sources.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const webDist = join(repoRoot, 'web', 'dist');
const stampFile = join(webDist, '.build-stamp.json');

/** What the built site depends on: its sources and the city config it reads at build time. */
const sources = ['web/src', 'web/public', 'web/astro.config.mjs', 'functions/config'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function stamp(cityId: string) {
  return { cityId, sourcesMtime: Math.max(...sources.map((s) => newestMtime(join(repoRoot, s)))) };
}

export function siteIsFresh(cityId: string): boolean {
  if (!existsSync(stampFile)) return false;
  const recorded = JSON.parse(readFileSync(stampFile, 'utf8'));
  const now = stamp(cityId);
  return recorded.cityId === now.cityId && recorded.sourcesMtime === now.sourcesMtime;
}

/** Runs `astro build` for the city unless the last build is still current. */
export async function buildSiteIfStale(cityId: string, log: (line: string) => void): Promise<void> {
  if (siteIsFresh(cityId)) return;
  log(`Building the site for ${cityId}…`);
  const before = stamp(cityId);
  const astro = join(repoRoot, 'node_modules', 'astro', 'astro.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [astro, 'build', '--root', 'web', '--silent'], {
      cwd: repoRoot,
      env: { ...process.env, CITY: cityId, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`astro build exited with code ${code}`)),
    );
  });
  writeFileSync(stampFile, JSON.stringify(before));
}

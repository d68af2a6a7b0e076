// The real local server (site + API) on a free port, over a freshly seeded table of the demo city.

import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { dynamoCityStore } from '../../functions/adapters/dynamo/city-store.ts';
import { appFromEnvironment } from '../../functions/api/environment.ts';
import { loadCity } from '../../functions/config/cities.ts';
import { seedCity } from '../../functions/use-cases/seed-city.ts';
import { fileClock } from '../../infra/local/file-clock.ts';
import { siteServer } from '../../infra/local/site-server.ts';
import { webDist } from '../../infra/local/web-build.ts';
import { createTestTable } from './table.ts';

export interface TestServer {
  url: string;
  tableName: string;
  close(): Promise<void>;
}

export async function startTestServer(cityId = 'wuzhong'): Promise<TestServer> {
  const table = await createTestTable(cityId);
  const dataDir = mkdtempSync(join(tmpdir(), 'fengqiao-test-'));
  const clock = fileClock(dataDir);
  await seedCity({ cities: dynamoCityStore(table), clock }, loadCity(cityId));
  process.env.TABLE_NAME = table.name;
  process.env.CITY = cityId;
  const api = appFromEnvironment({ clock, devClock: clock });
  const server = serve({
    fetch: siteServer({ api, webDir: webDist }).fetch,
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tableName: table.name,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await table.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

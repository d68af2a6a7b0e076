// `npm run bench`: latency figures on the embedded runtime; prints a table, writes bench/results.json.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { createTable, createTableIfMissing } from '#adapters/dynamo/table-client.ts';
import { appFromEnvironment } from '#api/environment.ts';
import { loadCity } from '#config/cities.ts';
import { startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { fileClock } from '#local/file-clock.ts';
import { siteServer } from '#local/site-server.ts';
import { buildSiteIfStale, repoRoot, webDist } from '#local/web-build.ts';
import { seedCity } from '#use-cases/seed-city.ts';
import { workflowRows } from './workflow.ts';

const CONCURRENCY = 16;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = 300;

interface Row {
  name: string;
  requests: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 100) / 100;
}

/** Runs `total` calls of `once`, `concurrency` at a time, and measures each. */
async function measure(name: string, total: number, once: () => Promise<void>): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await once();
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        next += 1;
        const start = performance.now();
        await once();
        latencies.push(performance.now() - start);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: total,
    concurrency: CONCURRENCY,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    perSecond: Math.round(total / elapsed),
  };
}

async function main() {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const city = loadCity('wuzhong');
  await buildSiteIfStale('wuzhong', console.error);
  const db = await startDynamoDbLocal({});
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_REGION: city.deploy.region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: 'bench-wuzhong',
      CITY: 'wuzhong',
    });
    const table = createTable('bench-wuzhong');
    await createTableIfMissing(table);
    const clock = fileClock(mkdtempSync(join(tmpdir(), 'fengqiao-bench-')));
    await seedCity({ cities: dynamoCityStore(table), clock }, city);
    const server = serve({
      fetch: siteServer({ api: appFromEnvironment({ clock }), webDir: webDist }).fetch,
      port: 0,
      hostname: '127.0.0.1',
    });
    await new Promise<void>((r) => server.once('listening', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const rows: Row[] = [];
    rows.push(
      await measure('raw DynamoDB GetItem (city META)', REQUESTS, async () => {
        await table.doc.send(
          new GetCommand({ TableName: table.name, Key: { pk: 'CITY#wuzhong', sk: 'META' } }),
        );
      }),
    );
    rows.push(
      await measure('GET /api/city over HTTP', REQUESTS, async () => {
        const res = await fetch(`${url}/api/city`);
        if (res.status !== 200) throw new Error(`GET /api/city answered ${res.status}`);
        await res.arrayBuffer();
      }),
    );
    server.close();
    const workflow = await workflowRows(city.deploy.region, city.deploy.partition);

    const [raw, city50] = [rows[0]!, rows[1]!];
    rows.push(...workflow.rows);
    const ratios = {
      'GET /api/city ÷ GetItem, p50': Math.round((city50.p50Ms / raw.p50Ms) * 100) / 100,
      'GET /api/city ÷ GetItem, p99': Math.round((city50.p99Ms / raw.p99Ms) * 100) / 100,
    };
    console.log(
      `\nFengqiao bench — Node ${process.versions.node}, ${cpus().length} cores, DynamoDB Local in memory\n`,
    );
    console.table(rows.map((r) => ({ ...r })));
    console.table(ratios);
    const results = {
      generatedAt: new Date().toISOString(),
      machine: { node: process.versions.node, cores: cpus().length },
      engine: 'DynamoDB Local 1.25.1 (in memory), same run',
      rows,
      ratios,
      workflow: workflow.workflow,
    };
    writeFileSync(join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nwritten: bench/results.json');
  } finally {
    await db.stop();
  }
}

await main();

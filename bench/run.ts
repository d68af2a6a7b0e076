// `npm run bench`: latency figures on the embedded runtime; prints a table, writes bench/results.json.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { dynamoBookingStore } from '#adapters/dynamo/booking-store.ts';
import { dynamoCaseStore } from '#adapters/dynamo/case-store.ts';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { createTable, createTableIfMissing } from '#adapters/dynamo/table-client.ts';
import { appFromEnvironment } from '#api/environment.ts';
import { everyRouteGroup } from '#api/groups/all.ts';
import { identityFromEnvironment } from '#api/identity-environment.ts';
import { loadCity } from '#config/cities.ts';
import { cityEnvironment } from '#config/city-environment.ts';
import { busyBuckets } from '#domain/availability.ts';
import { systemClock } from '#domain/time.ts';
import { startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { fileClock } from '#local/file-clock.ts';
import { localIdentity } from '#local/identity.ts';
import { siteServer } from '#local/site-server.ts';
import { buildSiteIfStale, repoRoot, webDist } from '#local/web-build.ts';
import { seedCases } from '#use-cases/seed-cases.ts';
import { seedCity } from '#use-cases/seed-city.ts';
import { apiBundleFigures } from './bundle.ts';
import { USD_PER_1000_TRANSITIONS, workflowRows } from './workflow.ts';

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
async function measure(
  name: string,
  total: number,
  once: () => Promise<void>,
  concurrency = CONCURRENCY,
  warmup = WARMUP,
): Promise<Row> {
  for (let i = 0; i < warmup; i++) await once();
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
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
    concurrency,
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
      ...cityEnvironment(city),
    });
    const table = createTable('bench-wuzhong');
    await createTableIfMissing(table);
    const benchDir = mkdtempSync(join(tmpdir(), 'fengqiao-bench-'));
    const clock = fileClock(benchDir);
    // Bookings seal the applicant's phone: a local personal-data key, as `npm start` has.
    process.env.PERSONAL_DATA_KEY_FILE = join(benchDir, 'personal-data.key');
    await seedCity({ cities: dynamoCityStore(table), clock }, city);
    // Room for every booking the bench makes: consultations with a large capacity per slot.
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { pk: 'CITY#wuzhong', sk: 'SERVICE#legal_consultation' },
        UpdateExpression: 'SET #capacity = :big',
        ExpressionAttributeNames: { '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':big': 100_000 },
      }),
    );
    // The dev OIDC issuer names the port, so listen first and build the app (which reads it) after.
    let site: { fetch(request: Request): Response | Promise<Response> } | undefined;
    const server = serve({ fetch: (r) => site!.fetch(r), port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The statistics row signs in as the demo agency admin, as `npm start` offers it.
    const identity = await localIdentity({ dataDir: benchDir, city, table, clock, baseUrl: url });
    Object.assign(process.env, identity.env);
    await identity.seedAccounts();
    site = siteServer({
      api: appFromEnvironment(everyRouteGroup, { clock }),
      webDir: webDist,
      dev: identity.dev,
    });

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
    rows.push(...(await bookingRows(url, table)));
    const stats = await statisticsRows(url, table, identity);
    rows.push(...stats.rows);
    server.close();
    const workflow = await workflowRows(city.deploy.region, city.deploy.partition);

    const [raw, city50] = [rows[0]!, rows[1]!];
    rows.push(...workflow.rows);
    const rawBooking = rows.find((r) => r.name.startsWith('raw DynamoDB TransactWriteItems'))!;
    const booking = rows.find((r) => r.name.startsWith('POST /api/bookings'))!;
    const ratios = {
      'GET /api/city ÷ GetItem, p50': Math.round((city50.p50Ms / raw.p50Ms) * 100) / 100,
      'GET /api/city ÷ GetItem, p99': Math.round((city50.p99Ms / raw.p99Ms) * 100) / 100,
      'POST /api/bookings ÷ its transaction, p50':
        Math.round((booking.p50Ms / rawBooking.p50Ms) * 100) / 100,
      'POST /api/bookings ÷ its transaction, p99':
        Math.round((booking.p99Ms / rawBooking.p99Ms) * 100) / 100,
    };
    console.log(
      `\nFengqiao bench — Node ${process.versions.node}, ${cpus().length} cores, DynamoDB Local in memory\n`,
    );
    console.table(rows.map((r) => ({ ...r })));
    console.table(ratios);
    console.log(
      `\nStatistics read from counters over ${stats.seeded.cases} cases seeded through the use cases in ${stats.seeded.seedSeconds} s:`,
      stats.seeded.outcomes,
    );
    console.log(
      `\nA case on each mediation path: state transitions (billed by Step Functions Standard, $${USD_PER_1000_TRANSITIONS} per 1,000) and Lambda invocations`,
    );
    console.table(workflow.paths.map((p) => ({ ...p })));
    const apiBundle = await apiBundleFigures();
    console.log(
      '\nAPI functions, one per audience: bundles as CDK builds them, and their cold import',
    );
    console.dir(apiBundle, { depth: 4 });
    const results = {
      generatedAt: new Date().toISOString(),
      machine: { node: process.versions.node, cores: cpus().length },
      engine: 'DynamoDB Local 1.25.1 (in memory), same run',
      rows,
      ratios,
      workflow: workflow.workflow,
      statistics: stats.seeded,
      apiBundle,
    };
    writeFileSync(join(repoRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nwritten: bench/results.json');
  } finally {
    await db.stop();
  }
}

/**
 * Booking create over HTTP beside the transaction it performs (the same items: booking, slot
 * counter, two busy buckets, reminder), and the slots query ("any provider", 14 days).
 */
async function bookingRows(url: string, table: ReturnType<typeof createTable>): Promise<Row[]> {
  const found = await fetch(
    `${url}/api/slots?servicePointId=wz-litong-center&serviceId=legal_consultation&providerId=wz-wang-lixin`,
  );
  const { slots } = (await found.json()) as { slots: { slotId: string }[] };
  if (slots.length === 0) throw new Error('no slot to book in the bench');
  const total = Math.max(200, Math.round(REQUESTS / 10));
  let n = 0;
  const rows: Row[] = [];
  const store = dynamoBookingStore(table);
  rows.push(
    await measure('raw DynamoDB TransactWriteItems (a booking’s 5 items)', total, async () => {
      const i = n++;
      const start = new Date(Date.UTC(2030, 0, 1, 0, 0) + (i % 50) * 30 * 60_000);
      const end = new Date(start.getTime() + 30 * 60_000);
      const ok = await store.create(
        {
          reference: `BKBENCH${i}`,
          status: 'confirmed',
          servicePointId: 'bench-point',
          serviceId: 'legal_consultation',
          providerId: 'bench-provider',
          slotKey: `bench.${i % 50}`,
          start: start.toISOString(),
          end: end.toISOString(),
          mode: 'in_person',
          applicantName: '测试',
          mobileSealed: 'v1.bench',
          mobileMasked: '139****0000',
          codeVersion: 0,
          createdBy: 'bench',
          createdAt: start.toISOString(),
          updatedAt: start.toISOString(),
          remindAt: new Date(start.getTime() - 86_400_000).toISOString(),
        },
        {
          servicePointId: 'bench-point',
          slotKey: `bench.${i % 50}`,
          providerId: 'bench-provider',
          start,
          capacity: 100_000,
          buckets: busyBuckets(start, end),
        },
      );
      if (!ok) throw new Error('bench transaction refused');
    }),
  );
  let k = 0;
  rows.push(
    await measure('POST /api/bookings over HTTP', total, async () => {
      const i = k++;
      const res = await fetch(`${url}/api/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Idempotency-Key': `bench-${i}` },
        body: JSON.stringify({
          slotId: slots[i % slots.length]!.slotId,
          serviceId: 'legal_consultation',
          mode: 'in_person',
          applicant: { name: '测试', phone: `1399510${String(i % 10_000).padStart(4, '0')}` },
        }),
      });
      if (res.status !== 201)
        throw new Error(`POST /api/bookings answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }),
  );
  rows.push(
    await measure('GET /api/slots (any provider, 14 days)', Math.round(REQUESTS / 3), async () => {
      const res = await fetch(
        `${url}/api/slots?servicePointId=wz-litong-center&serviceId=legal_consultation`,
      );
      if (res.status !== 200) throw new Error(`GET /api/slots answered ${res.status}`);
      await res.arrayBuffer();
    }),
  );
  return rows;
}

/**
 * The stats API over 2,000 cases seeded through the use cases (every outcome, 11 months, every
 * village and category): the agency's twelve-month report for the whole city, as one admin
 * loading the dashboard (one at a time) and as many at once.
 */
async function statisticsRows(
  url: string,
  table: ReturnType<typeof createTable>,
  identity: Awaited<ReturnType<typeof localIdentity>>,
) {
  const cases = Number(process.env.BENCH_CASES ?? 2000);
  const { codec, cityName } = identityFromEnvironment({
    cityId: 'wuzhong',
    table,
    clock: systemClock,
  });
  if (!codec) throw new Error('no personal-data key in the bench');
  const t0 = performance.now();
  const summary = await seedCases(
    {
      cityId: 'wuzhong',
      cities: dynamoCityStore(table),
      cases: dynamoCaseStore(table, 'wuzhong'),
      codec,
      cityName,
    },
    cases,
    { seed: 2026 },
  );
  const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const token = await identity.signIdToken('demo-agency-admin');
  const once = async () => {
    const res = await fetch(`${url}/api/admin/stats`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`GET /api/admin/stats answered ${res.status}`);
    await res.arrayBuffer();
  };
  const total = Math.max(200, Math.round(REQUESTS / 10));
  const name = `GET /api/admin/stats (12 months, whole city, ${cases.toLocaleString('en')} cases)`;
  const rows = [
    await measure(`${name}, one at a time`, total, once, 1, 20),
    await measure(name, total, once, CONCURRENCY, 20),
  ];
  return {
    rows,
    seeded: { cases: summary.caseNumbers.length, seedSeconds, outcomes: summary.outcomes },
  };
}

await main();

// `npm start` as a newcomer runs it: healthy within 90 s, clean stop, and a crash loses nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import {
  alive,
  cleanup,
  type Product,
  pidOf as pidIn,
  runtimeOf,
  npmStart as startProduct,
  waitGone,
  waitHealthy as waitProductHealthy,
} from '../support/product.ts';

let product: Product;
let dataDir: string;
let port: number;

const npmStart = (extraEnv: Record<string, string> = {}) => startProduct(product, extraEnv);
const waitHealthy = (run: ReturnType<typeof npmStart>, withinMs: number) =>
  waitProductHealthy(product, run, withinMs);
const pidOf = (name: string) => pidIn(product, name);

function tableClient() {
  const runtime = runtimeOf(product);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: runtime.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return { client, tableName: runtime.tableName };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fengqiao-start-'));
  port = await freePort();
  product = { dataDir, port, started: [] };
});
afterAll(() => {
  cleanup(product);
});

describe('npm start', () => {
  it('serves the site and a healthy API, stops every child on SIGTERM, and survives SIGKILL', async () => {
    // 1. First start: healthy within 90 s, the site carries the city's name.
    const first = npmStart();
    const ms = await waitHealthy(first, 90_000);
    console.info(`npm start: healthy after ${ms} ms`);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('吴忠市');
    expect(first.output()).toContain(`http://127.0.0.1:${port}/`);
    expect(first.output()).toContain(dataDir);

    const { client, tableName } = tableClient();
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: 'TEST#survivor', sk: 'TEST', note: '确认已保存' },
      }),
    );

    // 2. SIGTERM: every child stops, pid files go.
    const java = pidOf('dynamodb-local');
    const node = pidOf('server');
    first.child.kill('SIGTERM');
    await first.exited; // npm itself ends by the signal; what matters is that nothing stays behind
    expect(await waitGone(java)).toBe(true);
    expect(await waitGone(node)).toBe(true);
    expect(existsSync(join(dataDir, 'dynamodb-local.pid'))).toBe(false);

    // 3. Start again, then crash the server with SIGKILL: DynamoDB Local is orphaned.
    const second = npmStart();
    await waitHealthy(second, 90_000);
    const orphan = pidOf('dynamodb-local');
    process.kill(pidOf('server'), 'SIGKILL');
    await second.exited;
    expect(alive(orphan)).toBe(true);

    // 4. The next start stops the orphan and comes back with the data.
    const third = npmStart();
    await waitHealthy(third, 90_000);
    expect(third.output()).toContain(`Stopped DynamoDB Local (pid ${orphan})`);
    expect(alive(orphan)).toBe(false);
    const again = tableClient();
    const survivor = await again.client.send(
      new GetCommand({ TableName: again.tableName, Key: { pk: 'TEST#survivor', sk: 'TEST' } }),
    );
    expect(survivor.Item?.note).toBe('确认已保存');
    const city = await (await fetch(`http://127.0.0.1:${port}/api/city`)).json();
    expect(city.name).toBe('吴忠市');
    expect(third.output()).not.toContain('seeded just now');

    // Booking reminders run on their own in the local runtime: moving the clock past a
    // reminder's time sends it (the outbox shows it), as the five-minute schedule does on AWS.
    const base = `http://127.0.0.1:${product.port}`;
    const { servicePoints } = await (await fetch(`${base}/api/service-points`)).json();
    const point = servicePoints.find((p: { services: string[] }) => p.services.length > 0);
    const { slots } = await (
      await fetch(`${base}/api/slots?servicePointId=${point.id}&serviceId=${point.services[0]}`)
    ).json();
    // More than a day ahead, so the day-before reminder lies ahead of the clock too.
    const slot = slots.find(
      (s: { remaining: number; start: string }) =>
        s.remaining > 0 && new Date(s.start).getTime() > Date.now() + 26 * 3_600_000,
    );
    const booked = await fetch(`${base}/api/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'start-test-reminder' },
      body: JSON.stringify({
        slotId: slot.slotId,
        serviceId: point.services[0],
        mode: slot.modes[0],
        applicant: { name: '王秀英', phone: '13912345678' },
      }),
    });
    expect(booked.status).toBe(201);
    const { reference } = await booked.json();
    const dayBefore = new Date(new Date(slot.start).getTime() - 23 * 3_600_000).toISOString();
    const moved = await fetch(`${base}/api/dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: dayBefore }),
    });
    expect(moved.status).toBe(200);
    const { items } = await (await fetch(`${base}/api/dev/outbox`)).json();
    const reminders = items.filter(
      (m: { purpose: string; text: string }) =>
        m.purpose === 'booking-reminder' && m.text.includes(reference),
    );
    expect(reminders).toHaveLength(1);

    third.child.kill('SIGTERM');
    await third.exited;
  }, 240_000);

  it('says in one line which package to install when Java is missing', async () => {
    // A PATH holding node, npm and sh but no java, as on a fresh machine without a JRE.
    const elsewhere = mkdtempSync(join(tmpdir(), 'fengqiao-nojava-'));
    const bin = join(elsewhere, 'bin');
    mkdirSync(bin);
    for (const tool of ['node', 'npm', 'sh']) {
      const real = execFileSync('which', [tool], { encoding: 'utf8' }).trim();
      symlinkSync(real, join(bin, tool));
    }
    const run = npmStart({ DATA_DIR: join(elsewhere, 'data'), PATH: bin, JAVA_HOME: '' });
    const code = await run.exited;
    expect(code).not.toBe(0);
    const lines = run
      .output()
      .split('\n')
      .filter((l) => l.includes('openjdk-17-jre-headless'));
    expect(lines).toHaveLength(1);
    rmSync(elsewhere, { recursive: true, force: true });
  }, 60_000);
});

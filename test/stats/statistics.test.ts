// Statistics end to end: 500 cases seeded through the use cases over every outcome; every figure of the stats API recounted by brute force from the cases' events, for the city, a county, a level, a category and a month range; the CSV and the public figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCaseStore } from '../../functions/adapters/dynamo/case-store.ts';
import { dynamoCityStore } from '../../functions/adapters/dynamo/city-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { identityFromEnvironment } from '../../functions/api/identity-environment.ts';
import type { FlatRegion } from '../../functions/domain/region-tree.ts';
import {
  type CaseHistory,
  figuresFromEvents,
} from '../../functions/domain/statistics-from-events.ts';
import { type SeedSummary, seedCases } from '../../functions/use-cases/seed-cases.ts';
import { staff } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const CASES = 500;

let server: TestServer;
let summary: SeedSummary;
let histories: CaseHistory[];
let regions: FlatRegion[];
let admin: ReturnType<typeof staff>;

/** `YYYY-MM` months from `from` to `to`, counted here without the product's helpers. */
function months(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to) return out;
    out.push(month);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
}

/** The region and every region below it, by walking each region's parents. */
function subtree(rootId: string): Set<string> {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const ids = new Set<string>();
  for (const r of regions) {
    let at: FlatRegion | undefined = r;
    while (at && at.id !== rootId) at = byId.get(at.parentId ?? '');
    if (at) ids.add(r.id);
  }
  return ids;
}

const thisMonth = () =>
  new Date(server.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

async function stats(query: Record<string, string>) {
  const response = await admin.call('GET', `/api/admin/stats?${new URLSearchParams(query)}`);
  expect(response.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: the response is compared whole
  return (await response.json()) as any;
}

/** The API's report against the brute-force recount: the whole, each month, region and category. */
async function expectExact(query: {
  from: string;
  to: string;
  regionId?: string;
  level?: string;
  category?: string;
}) {
  const report = await stats(
    Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >,
  );
  const period = months(query.from, query.to);
  const rootId = query.regionId ?? 'wz';
  const scope = {
    regionIds: subtree(rootId),
    ...(query.level ? { level: query.level } : {}),
    ...(query.category ? { category: query.category } : {}),
  };
  expect(report.figures).toEqual(figuresFromEvents(histories, { months: period, ...scope }));
  expect(report.byMonth.map((m: { month: string }) => m.month)).toEqual(period);
  for (const m of report.byMonth)
    expect(m.figures).toEqual(figuresFromEvents(histories, { months: [m.month], ...scope }));
  const children = regions.filter((r) => r.parentId === rootId && r.level !== 'grid');
  expect(report.byRegion.map((r: { regionId: string }) => r.regionId)).toEqual(
    children.map((c) => c.id),
  );
  for (const r of report.byRegion)
    expect(r.figures).toEqual(
      figuresFromEvents(histories, { months: period, ...scope, regionIds: subtree(r.regionId) }),
    );
  for (const c of report.byCategory)
    expect(c.figures).toEqual(
      figuresFromEvents(histories, { months: period, ...scope, category: c.category }),
    );
  return report;
}

beforeAll(async () => {
  server = await startTestServer('wuzhong');
  admin = staff(server, 'demo-agency-admin');
  const table = createTable(server.tableName);
  const cities = dynamoCityStore(table);
  const cases = dynamoCaseStore(table, 'wuzhong');
  const identity = identityFromEnvironment({ cityId: 'wuzhong', table, clock: server.clock });
  if (!identity.codec) throw new Error('the test server has no personal-data key');
  summary = await seedCases(
    { cityId: 'wuzhong', cities, cases, codec: identity.codec, cityName: identity.cityName },
    CASES,
    { seed: 2026, until: server.clock.now() },
  );
  regions = (await cities.readCity('wuzhong'))!.regions;
  histories = await Promise.all(
    summary.caseNumbers.map(async (caseNumber) => ({
      category: (await cases.get(caseNumber))!.category,
      events: await cases.events(caseNumber),
    })),
  );
}, 240_000);

afterAll(async () => {
  await server?.close();
});

describe('statistics over 500 seeded cases', () => {
  it('seeded every outcome: each closure type, escalations, confirmations both ways, ratings, open cases', () => {
    expect(summary.caseNumbers).toHaveLength(CASES);
    for (const outcome of [
      'agreement_performed',
      'agreement_not_performed',
      'no_agreement',
      'consent_declined',
      'not_mediable',
      'referred_litigation',
      'withdrawn',
      'open',
    ])
      expect(summary.outcomes[outcome] ?? 0, outcome).toBeGreaterThan(0);
    expect(summary.escalations).toBeGreaterThan(0);
    expect(summary.confirmations.granted).toBeGreaterThan(0);
    expect(summary.confirmations.rejected).toBeGreaterThan(0);
    expect(summary.ratings).toBeGreaterThan(0);
    // The events cover at least eleven months.
    const seen = new Set(histories.flatMap((h) => h.events.map((e) => e.at.slice(0, 7))));
    expect(seen.size).toBeGreaterThanOrEqual(11);
  });

  it('matches the brute-force recount exactly for the whole city, every month, region and category', async () => {
    const to = thisMonth();
    const report = await expectExact({ from: months('2000-01', to).at(-12)!, to });
    // Every figure is there to compare (none is trivially zero).
    expect(report.figures.accepted).toBeGreaterThan(300);
    expect(report.figures.concluded).toBeGreaterThan(200);
    expect(report.figures.escalationRate.escalated).toBeGreaterThan(0);
    expect(report.figures.successRate.began).toBeGreaterThan(report.figures.successRate.succeeded);
    expect(report.figures.confirmations.rejected).toBeGreaterThan(0);
    expect(report.figures.averageDaysToConclude).toBeGreaterThan(1);
    expect(report.figures.satisfaction.ratings).toBeGreaterThan(0);
    expect(report.reportDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.scope).toEqual({ regionId: 'wz', level: null, category: null });
  });

  it('matches for a county, a level, a category, a month range and all of them at once', async () => {
    const to = thisMonth();
    const from = months('2000-01', to).at(-12)!;
    const middle = months(from, to).slice(3, 6);
    const counted = new Map<string, number>();
    for (const h of histories) counted.set(h.category, (counted.get(h.category) ?? 0) + 1);
    const category = [...counted].sort((a, b) => b[1] - a[1])[0]![0];
    const county = await expectExact({ from, to, regionId: 'wz-litong' });
    expect(county.byRegion.length).toBeGreaterThan(1);
    const town = await expectExact({ from, to, level: 'town' });
    expect(town.figures.accepted).toBe(0); // cases are accepted in villages, escalated to towns
    expect(town.figures.concluded).toBeGreaterThan(0);
    await expectExact({ from, to, level: 'village' });
    await expectExact({ from, to, category });
    const range = await expectExact({ from: middle[0]!, to: middle.at(-1)! });
    expect(range.byMonth).toHaveLength(3);
    await expectExact({
      from: middle[0]!,
      to,
      regionId: 'wz-litong-gjq',
      level: 'village',
      category,
    });
  });

  it('answers 400 for a malformed month or period, 404 for an unknown region, 403 to a mediator', async () => {
    for (const query of [
      'from=2026-13',
      'to=26-01',
      'from=2026-05&to=2026-04',
      'from=2019-01&to=2026-01',
      'level=city',
      'category=nope',
    ]) {
      const response = await admin.call('GET', `/api/admin/stats?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await admin.call('GET', '/api/admin/stats?regionId=nowhere')).status).toBe(404);
    const mediator = staff(server, 'demo-mediator-gjqc');
    expect((await mediator.call('GET', '/api/admin/stats')).status).toBe(403);
  });

  it('exports CSV in UTF-8 with a BOM and a Chinese header, the same figures as the JSON', async () => {
    const to = thisMonth();
    const from = months('2000-01', to).at(-12)!;
    const response = await admin.call('GET', `/api/admin/stats.csv?from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^分组,项目,受理数,办结数,办结率,/);
    const total = lines[1]!.split(',');
    const json = await stats({ from, to });
    expect(total[0]).toBe('合计');
    expect(Number(total[2])).toBe(json.figures.accepted);
    expect(Number(total[3])).toBe(json.figures.concluded);
    expect(lines.some((l) => l.startsWith('区域,利通区,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('纠纷类别,婚姻家庭,'))).toBe(true);
  });

  it('publishes the city’s figures of the last twelve months without sign-in and without personal data', async () => {
    const response = await fetch(`${server.url}/api/figures`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text);
    expect(Object.keys(body).sort()).toEqual(['byMonth', 'city', 'figures', 'from', 'to']);
    expect(body.city).toEqual({ name: '吴忠市', nameEn: 'Wuzhong' });
    const period = months(body.from, body.to);
    expect(period).toHaveLength(12);
    expect(body.to).toBe(thisMonth());
    expect(body.figures).toEqual(
      figuresFromEvents(histories, { months: period, regionIds: subtree('wz') }),
    );
    // Counts only: no case number, party name, region below the city or staff member.
    expect(text).not.toMatch(/WZ-\d{4}|申请人|调解员|法官|wz-/);
  });
});

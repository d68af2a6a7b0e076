// Supervision (督办) in the agency console: overdue cases with who is responsible and for how long, a reminder, escalation one level up.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clockNow,
  fileCase,
  moveClock,
  outbox,
  staff,
  toDiagnosis,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
const DAY = 86_400;

interface Overdue {
  caseNumber: string;
  level: string;
  regionId: string;
  regionName: string;
  step: string | null;
  dueAt: string;
  overdueDays: number;
  responsible: { rosterMemberId: string | null; name: string } | null;
  reminders: number;
  lastRemindedAt: string | null;
}

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const admin = () => staff(server, 'demo-agency-admin');
const mediator = () => staff(server, 'demo-mediator-gjqc');
const doc = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));

async function overdueList(query = ''): Promise<Overdue[]> {
  const response = await admin().call('GET', `/api/admin/supervision${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { cases: Overdue[] }).cases;
}

async function post(path: string, key: string, body?: unknown) {
  const response = await admin().call('POST', path, body, { 'Idempotency-Key': key });
  return {
    status: response.status,
    replayed: response.headers.get('Idempotent-Replayed'),
    body: await response.json(),
  };
}

describe('the overdue list', () => {
  let kept: string;
  let closed: string;

  beforeAll(async () => {
    // The village mediator's account has an e-mail address (as the agency records it on the
    // staff account), so reminders reach him through the outbox.
    await doc().send(
      new UpdateCommand({
        TableName: server.tableName,
        Key: { pk: `ACCOUNT#${server.identity.issuer}#demo-mediator-gjqc`, sk: 'ACCOUNT' },
        UpdateExpression: 'SET email = :email',
        ExpressionAttributeValues: { ':email': 'ma.yongfu@example.org' },
      }),
    );
    // Both filed at once, so both reach 问诊 together (toDiagnosis moves the clock 5 days).
    kept = (await fileCase(server)).caseNumber;
    closed = (await toDiagnosis(server)).caseNumber;
    await mediator().act(kept, 'take');
    // Nobody diagnoses either: both deadlines lapse (supervision), the grace period runs.
    const open = await waitForStep(server, kept, 'Diagnosis');
    const latest = Math.max(
      new Date(open.openStep!.dueAt).getTime(),
      new Date((await waitForStep(server, closed, 'Diagnosis')).openStep!.dueAt).getTime(),
    );
    await moveClock(server, { to: new Date(latest + 60_000).toISOString() });
    await waitForStep(server, kept, 'DiagnosisLate');
    await waitForStep(server, closed, 'DiagnosisLate');
    // One of them is withdrawn while overdue: it leaves the list as it closes.
    await mediator().act(closed, 'close', { closureType: 'withdrawn', reason: '申请人撤回' });
    await waitForStep(server, closed, null);
  }, 120_000);

  it('lists an overdue case with its level, region, responsible member and overdue days; a closed one is gone', async () => {
    const list = await overdueList();
    expect(list.map((c) => c.caseNumber)).toContain(kept);
    expect(list.map((c) => c.caseNumber)).not.toContain(closed);
    const entry = list.find((c) => c.caseNumber === kept)!;
    expect(entry).toMatchObject({
      level: 'village',
      regionId: 'wz-litong-gjq-gjqc',
      step: 'DiagnosisLate',
      responsible: { rosterMemberId: 'wz-ma-yongfu', name: '马永福' },
      overdueDays: 0,
      reminders: 0,
      lastRemindedAt: null,
    });
    expect(entry.regionName).toMatch(/郭家桥村/);
    // The deadline that lapsed, not the grace period's.
    expect(new Date(entry.dueAt).getTime()).toBeLessThan((await clockNow(server)).getTime());

    // A day later (still within the grace period) it is one day overdue.
    await moveClock(server, { advanceSeconds: DAY });
    const later = (await overdueList()).find((c) => c.caseNumber === kept)!;
    expect(later.overdueDays).toBe(1);
    expect((await overdueList('?level=town')).map((c) => c.caseNumber)).not.toContain(kept);
    expect((await overdueList('?level=village')).map((c) => c.caseNumber)).toContain(kept);
    expect((await admin().call('GET', '/api/admin/supervision?level=city')).status).toBe(400);
    expect((await mediator().call('GET', '/api/admin/supervision')).status).toBe(403);
  });

  it('sends a reminder to the responsible member through the outbox, once per Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await post(`/api/admin/supervision/${kept}/reminder`, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ caseNumber: kept, sentTo: 1 });
    const again = await post(`/api/admin/supervision/${kept}/reminder`, key);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual(first.body);

    const sent = (await outbox(server)).filter(
      (m) => m.purpose === 'supervision' && m.text.includes(kept),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.recipient).toBe('m***@example.org');
    expect(sent[0]!.text).toContain('督办');
    const entry = (await overdueList()).find((c) => c.caseNumber === kept)!;
    expect(entry.reminders).toBe(1);
    expect(entry.lastRemindedAt).toBe(first.body.remindedAt);

    // On the case's timeline, as the agency's supervision.
    const events = await doc().send(
      new QueryCommand({
        TableName: server.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': `CASE#${kept}`, ':e': 'EVENT#' },
      }),
    );
    const reminders = (events.Items ?? []).filter(
      (e) => e.type === 'supervision' && e.actorRole === 'agency',
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.data).toMatchObject({ kind: 'reminder', toLevel: 'village' });
    // A reminder is audited like every admin write.
    const audit = await admin().call('GET', '/api/admin/audit');
    expect(JSON.stringify(await audit.json())).toContain(
      '/api/admin/supervision/:caseNumber/reminder',
    );
  });

  it('escalates the case one level up through the workflow, with its event and counter; it leaves the list', async () => {
    const done = await post(`/api/admin/supervision/${kept}/escalate`, randomUUID(), {
      reason: '超期未办，督办升级',
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ caseNumber: kept, level: 'town', regionId: 'wz-litong-gjq' });
    // The workflow re-runs diagnosis at the town (opening at 09:00 on a working day).
    await moveClock(server, { advanceSeconds: 4 * DAY });
    const moved = await waitForStep(server, kept, 'Diagnosis');
    expect(moved).toMatchObject({
      level: 'town',
      handlingRegionId: 'wz-litong-gjq',
      status: 'open',
    });
    expect((await overdueList()).map((c) => c.caseNumber)).not.toContain(kept);

    const events = await doc().send(
      new QueryCommand({
        TableName: server.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': `CASE#${kept}`, ':e': 'EVENT#' },
      }),
    );
    const escalated = (events.Items ?? []).filter((e) => e.type === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]!.data).toMatchObject({
      fromLevel: 'village',
      toLevel: 'town',
      trigger: 'staff',
    });
    // Counted where it left, in the month it happened (the escalation rate reads it).
    const month = String(escalated[0]!.at).slice(0, 7);
    // The village's counters of that month live in one item, and are added up to the town's
    // (`N#<region>`: the trigger is not a report figure; docs/statistics.md).
    const counters = async (regionId: string) =>
      (
        await doc().send(
          new GetCommand({
            TableName: server.tableName,
            Key: { pk: `STAT#${month}`, sk: `N#${regionId}` },
            ConsistentRead: true,
          }),
        )
      ).Item ?? {};
    const village = await counters('wz-litong-gjq-gjqc');
    expect(village['village#neighbours#escalated#staff']).toBeGreaterThanOrEqual(1);
    const town = await counters('wz-litong-gjq');
    expect(town['village#neighbours#escalated#staff']).toBeGreaterThanOrEqual(
      village['village#neighbours#escalated#staff'] as number,
    );
    // The town also keeps the village's total over every category (its by-region figure).
    const everyCategory = Object.entries(village)
      .filter(([name]) => /^village#[^#]+#escalated#staff$/.test(name))
      .reduce((sum, [, n]) => sum + (n as number), 0);
    expect(town['@wz-litong-gjq-gjqc#village#escalated#staff']).toBe(everyCategory);

    // No longer overdue: neither a reminder nor another escalation.
    const late = await post(`/api/admin/supervision/${kept}/reminder`, randomUUID());
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('STAGE_CONFLICT');
    const unknown = await post('/api/admin/supervision/WZ-2099-000001/reminder', randomUUID());
    expect(unknown.status).toBe(404);
  });
});

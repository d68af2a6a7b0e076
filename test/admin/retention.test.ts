// Retention: after the city's retention period a closed case's personal data is gone from the table and the files; statistics are unchanged.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadCity } from '../../functions/config/cities.ts';
import { businessMonth } from '../../functions/domain/time.ts';
import { runRetention } from '../../functions/scheduler/retention.ts';
import { localUploadTarget } from '../../infra/local/upload-target.ts';
import {
  asParty,
  clockNow,
  type Filed,
  fileCase,
  moveClock,
  sampleIntake,
  staff,
  waitForStage,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
const DAY = 86_400;
const retentionDays = loadCity('wuzhong').runtime.retentionDays;
const doc = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const mediator = () => staff(server, 'demo-mediator-gjqc');
const run = () =>
  runRetention({
    clock: server.clock,
    uploads: localUploadTarget({ dataDir: server.dataDir, clock: server.clock }),
  });

/** A PNG the applicant attaches before filing (the local upload link, as the site does). */
async function upload(): Promise<string> {
  const bytes = new Uint8Array(64).fill(7);
  bytes.set([0x89, 0x50, 0x4e, 0x47]);
  const declared = await fetch(`${server.url}/api/uploads`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ fileName: '照片.png', contentType: 'image/png', size: bytes.length }),
  });
  expect(declared.status).toBe(201);
  const link = (await declared.json()) as {
    uploadId: string;
    uploadUrl: string;
    headers: Record<string, string>;
  };
  const put = await fetch(new URL(link.uploadUrl, server.url), {
    method: 'PUT',
    headers: link.headers,
    body: bytes,
  });
  expect(put.status).toBeLessThan(300);
  return link.uploadId;
}

/** Files a case and closes it at 问诊 (the applicant withdraws). */
async function fileAndClose(body: Record<string, unknown>): Promise<Filed> {
  const filed = await fileCase(server, body);
  await waitForStage(server, filed.caseNumber, 'triage');
  await moveClock(server, { advanceSeconds: 5 * DAY });
  await waitForStep(server, filed.caseNumber, 'Diagnosis');
  await mediator().act(filed.caseNumber, 'close', {
    closureType: 'withdrawn',
    reason: '申请人撤回',
  });
  await waitForStep(server, filed.caseNumber, null);
  return filed;
}

async function caseItem(caseNumber: string) {
  const out = await doc().send(
    new GetCommand({ TableName: server.tableName, Key: { pk: `CASE#${caseNumber}`, sk: 'CASE' } }),
  );
  return out.Item!;
}

/** Every statistics counter of the months the test's cases lived in. */
async function counters(months: string[]) {
  const all: Record<string, unknown>[] = [];
  for (const month of months) {
    const out = await doc().send(
      new QueryCommand({
        TableName: server.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `STAT#${month}` },
        ConsistentRead: true,
      }),
    );
    all.push(...(out.Items ?? []));
  }
  return all;
}

it('erases a case closed more than the retention period ago, leaves statistics as they were and a recent case untouched; a second run does nothing', async () => {
  const uploadId = await upload();
  const old = await fileAndClose(
    sampleIntake({
      applicant: { name: '马小花', phone: '138 1234 5678', idNumber: '640302199001011238' },
      attachmentIds: [uploadId],
    }),
  );
  const oldMonth = businessMonth(await clockNow(server));
  const before = await (await asParty(server, old, 'GET')).text();
  expect(before).toContain('马小花');
  expect(existsSync(join(server.dataDir, 'uploads', uploadId))).toBe(true);

  // The retention period passes; another case closes just before the job runs.
  await moveClock(server, { advanceSeconds: (retentionDays + 1) * DAY });
  const recent = await fileAndClose(
    sampleIntake({ applicant: { name: '王秀兰', phone: '13812340000' } }),
  );
  const months = [oldMonth, businessMonth(await clockNow(server))];
  const statsBefore = await counters(months);
  expect(statsBefore.length).toBeGreaterThan(0);

  const first = await run();
  expect(first.erased).toEqual([old.caseNumber]);

  // The table: the case keeps its number, category, region and events; no personal data.
  const erased = await caseItem(old.caseNumber);
  expect(erased).toMatchObject({
    caseNumber: old.caseNumber,
    category: 'neighbours',
    handlingRegionId: 'wz-litong-gjq-gjqc',
    status: 'closed',
    closureType: 'withdrawn',
    parties: [],
    attachments: [],
    description: '',
  });
  expect(erased.personalDataErasedAt).toBeTruthy();
  const text = JSON.stringify(erased);
  for (const personal of [
    '马小花',
    '张大山',
    '13812345678',
    '138****5678',
    '640302',
    'v1.',
    '郭家桥村三组',
  ])
    expect(text).not.toContain(personal);
  const events = await doc().send(
    new QueryCommand({
      TableName: server.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': `CASE#${old.caseNumber}`, ':e': 'EVENT#' },
    }),
  );
  const types = (events.Items ?? []).map((e) => e.type);
  expect(types).toEqual(
    expect.arrayContaining(['filed', 'triaged', 'closed', 'personal_data_erased']),
  );
  expect(JSON.stringify(events.Items)).not.toContain('马小花');
  // The upload: its record and its file.
  const uploadRecord = await doc().send(
    new GetCommand({
      TableName: server.tableName,
      Key: { pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' },
    }),
  );
  expect(uploadRecord.Item).toBeUndefined();
  expect(existsSync(join(server.dataDir, 'uploads', uploadId))).toBe(false);

  // Statistics: every counter exactly as before.
  const statsAfter = await counters(months);
  const byKey = (items: Record<string, unknown>[]) =>
    Object.fromEntries(items.map((i) => [`${i.pk}|${i.sk}`, i.count]));
  expect(byKey(statsAfter)).toEqual(byKey(statsBefore));

  // The tracking page shows no name: the old code opens nothing.
  const tracked = await asParty(server, old, 'GET');
  expect(tracked.status).toBe(404);
  expect(await tracked.text()).not.toContain('马小花');

  // The recent case is untouched.
  const kept = await caseItem(recent.caseNumber);
  expect(kept.personalDataErasedAt).toBeUndefined();
  expect(JSON.stringify(kept.parties)).toContain('王秀兰');
  expect((await asParty(server, recent, 'GET')).status).toBe(200);

  // Recorded in the audit log, as the job's own entry.
  const audit = await staff(server, 'demo-agency-admin').call(
    'GET',
    `/api/admin/audit?target=${encodeURIComponent(`case:${old.caseNumber}`)}`,
  );
  const entries = (
    (await audit.json()) as { entries: { action: string; actor: { subject: string } }[] }
  ).entries;
  expect(entries.find((e) => e.action === 'retention.erase')?.actor.subject).toBe(
    'system:retention',
  );

  // Idempotent: nothing is due any more.
  const second = await run();
  expect(second.erased).toEqual([]);
  expect(await caseItem(old.caseNumber)).toEqual(erased);
  expect(byKey(await counters(months))).toEqual(byKey(statsBefore));
}, 120_000);

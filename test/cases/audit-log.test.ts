// The audit log through the real server and table: one entry per successful staff or admin write (a case change's in its own transaction), none for a refusal or a replay, personal numbers masked, read by the agency only, newest first, page by page, never changed.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoAuditLog } from '../../functions/adapters/dynamo/audit-log-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import type { AppEnv } from '../../functions/api/app-env.ts';
import { auditTrail } from '../../functions/api/middleware/audit-trail.ts';
import { moveClock, sampleIntake, staff, waitForStage, waitForStep } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
}, 60_000);
afterAll(() => server?.close());

const MOBILE = '13812345678';
const RESPONDENT_MOBILE = '13912345678';
const ID_NUMBER = '640302198503120042';
const CONTACT_MOBILE = '13995114455';
/** Every form the numbers (and the applicant's name and the respondent's address) could leak in. */
const needles = [
  MOBILE,
  '138 1234 5678',
  RESPONDENT_MOBILE,
  ID_NUMBER,
  ID_NUMBER.slice(0, 17),
  CONTACT_MOBILE,
  '马小花',
  '三组 12 号',
];

interface Entry {
  id: string;
  at: string;
  date: string;
  actor: { subject: string; name: string; roles: string[]; rosterMemberId?: string | null };
  action: string;
  method: string;
  route: string;
  target: { type: string; id: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  summary?: Record<string, unknown>;
  status?: number;
}

const mediator = () => staff(server, 'demo-mediator-gjqc');
const admin = () => staff(server, 'demo-agency-admin');

async function audit(query: string): Promise<{ entries: Entry[]; next: string | null }> {
  const response = await admin().call('GET', `/api/admin/audit?${query}`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`audit ${response.status}: ${text}`);
  return JSON.parse(text);
}
/** Every entry of a target, newest first (one page of up to 200). */
const entriesOf = async (target: string) =>
  (await audit(`target=${encodeURIComponent(target)}&limit=200`)).entries;

const staffFiling = (key: string) =>
  mediator().call(
    'POST',
    '/api/staff/cases',
    sampleIntake({ applicant: { name: '马小花', phone: '138 1234 5678', idNumber: ID_NUMBER } }),
    { 'Idempotency-Key': key },
  );

let caseNumber: string;
let contactReference: string;

describe('entries of staff actions', () => {
  it('writes one entry for a staff filing, none for its replay, with personal data masked', async () => {
    const key = `audit-test-${Date.now()}`;
    const filed = await staffFiling(key);
    expect(filed.status).toBe(201);
    caseNumber = ((await filed.json()) as { caseNumber: string }).caseNumber;
    // A replay of the same key and body changes nothing, so it writes nothing. (It should answer
    // the first 201 again; today a staff create's replay answers 403, the region check being in
    // the handler the replay skips — authorization.ts with idempotency.ts, not the log's.)
    const replay = await staffFiling(key);
    expect(replay.status).toBeLessThan(500);
    const entries = await entriesOf(`case:${caseNumber}`);
    expect(entries).toHaveLength(1);
    const [created] = entries as [Entry];
    expect(created).toMatchObject({
      action: 'cases',
      method: 'POST',
      route: '/api/staff/cases',
      target: { type: 'case', id: caseNumber },
      actor: { subject: 'demo-mediator-gjqc', rosterMemberId: 'wz-ma-yongfu', roles: ['mediator'] },
      before: null,
      after: { version: 1, caseNumber },
    });
    const parties = (created.after as { parties: Record<string, unknown>[] }).parties;
    expect(parties).toEqual([
      expect.objectContaining({
        partyId: 'applicant',
        name: '马**',
        phone: '138****5678',
        idNumber: '6403**********0042',
      }),
      expect.objectContaining({ partyId: 'respondent', phone: '139****5678' }),
    ]);
    const text = JSON.stringify(created);
    for (const needle of needles) expect(text, needle).not.toContain(needle);
    expect(text).not.toMatch(/Sealed|Index/);
  });

  it('writes exactly one entry per step action, with the versions before and after, and none for a refused one', async () => {
    await waitForStage(server, caseNumber, 'triage');
    await moveClock(server, { advanceSeconds: 5 * 86_400 });
    await waitForStep(server, caseNumber, 'Diagnosis');
    const count = async () => (await entriesOf(`case:${caseNumber}`)).length;
    // The workflow's own changes (triage, the step opening) are not staff actions.
    expect(await count()).toBe(1);

    const current = await mediator().get(caseNumber);
    const path = `/api/staff/cases/${caseNumber}/diagnosis`;
    const diagnosis = { mediable: true, respondentConsents: true, track: 'simple' };
    // Refused: a stale version, a step the case is not at, a role the route is not for, a bad body.
    const refusals = [
      await mediator().call('POST', path, diagnosis, { 'If-Match': `"${current.version - 1}"` }),
      await mediator().call(
        'POST',
        `/api/staff/cases/${caseNumber}/follow-up`,
        { result: 'performed' },
        {
          'If-Match': `"${current.version}"`,
        },
      ),
      await staff(server, 'demo-judge').call('POST', path, diagnosis, {
        'If-Match': `"${current.version}"`,
      }),
      await mediator().call(
        'POST',
        path,
        { mediable: 'yes' },
        { 'If-Match': `"${current.version}"` },
      ),
    ];
    expect(refusals.map((r) => r.status)).toEqual([412, 409, 403, 400]);
    expect(await count()).toBe(1);

    const done = await mediator().call('POST', path, diagnosis, {
      'If-Match': `"${current.version}"`,
    });
    expect(done.status).toBe(200);
    const after = (await done.json()) as { version: number };
    const entries = await entriesOf(`case:${caseNumber}`);
    const diagnosed = entries.filter((e) => e.action === 'cases.diagnosis');
    expect(diagnosed).toHaveLength(1);
    expect(entries).toHaveLength(2);
    expect(diagnosed[0]).toMatchObject({
      method: 'POST',
      route: '/api/staff/cases/:caseNumber/diagnosis',
      target: { type: 'case', id: caseNumber },
      actor: { subject: 'demo-mediator-gjqc' },
      before: { version: current.version },
      after: {
        version: after.version,
        diagnosis: expect.objectContaining({ mediable: true, track: 'simple' }),
      },
    });
    expect(after.version).toBe(current.version + 1);
    // Only what changed is in it: the parties did not.
    expect(diagnosed[0]!.after).not.toHaveProperty('parties');
    expect(diagnosed[0]!.before).not.toHaveProperty('parties');
  });

  it('writes an entry for each case-party unmask, naming the party and field, never the number', async () => {
    const unmask = (as: string, partyId: string, field: string) =>
      staff(server, as).call('POST', `/api/staff/cases/${caseNumber}/parties/${partyId}/unmask`, {
        field,
        reason: '电话通知参加调解会',
      });
    const phone = await unmask('demo-mediator-gjqc', 'applicant', 'phone');
    expect(phone.status).toBe(200);
    expect(await phone.json()).toEqual({ partyId: 'applicant', field: 'phone', value: MOBILE });
    const id = await unmask('demo-judge', 'applicant', 'idNumber');
    expect((await id.json()).value).toBe(ID_NUMBER);
    // Refused or unknown: no number shown, no entry.
    expect((await unmask('demo-panel-member', 'applicant', 'phone')).status).toBe(403);
    expect((await unmask('demo-mediator-gjqc', 'nobody', 'phone')).status).toBe(404);
    expect((await unmask('demo-mediator-gjqc', 'applicant', 'mobile')).status).toBe(400);

    const unmasks = (await entriesOf(`case:${caseNumber}`)).filter(
      (e) => e.action === 'cases.parties.unmask',
    );
    // Newest first: the judge's, then the mediator's.
    expect(unmasks).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ subject: 'demo-judge' }),
        target: { type: 'case', id: caseNumber },
        route: '/api/staff/cases/:caseNumber/parties/:partyId/unmask',
        summary: {
          params: { partyId: 'applicant' },
          request: { field: 'idNumber', reason: '电话通知参加调解会' },
        },
        status: 200,
        before: null,
        after: null,
      }),
      expect.objectContaining({
        actor: expect.objectContaining({ subject: 'demo-mediator-gjqc' }),
        summary: expect.objectContaining({ request: expect.objectContaining({ field: 'phone' }) }),
      }),
    ]);
    const text = JSON.stringify(unmasks);
    for (const needle of needles) expect(text, needle).not.toContain(needle);
  });

  it('writes entries for a contact’s creation and unmask, none for a search', async () => {
    const created = await mediator().call(
      'POST',
      '/api/staff/contacts',
      { name: '审计联系人', regionId: 'wz-litong-gjq-gjqc', mobile: CONTACT_MOBILE },
      { 'Idempotency-Key': `audit-contact-${Date.now()}` },
    );
    expect(created.status).toBe(201);
    contactReference = ((await created.json()) as { reference: string }).reference;
    const search = await mediator().call('POST', '/api/staff/contacts/search', {
      mobile: CONTACT_MOBILE,
    });
    expect(search.status).toBe(200);
    const unmasked = await mediator().call(
      'POST',
      `/api/staff/contacts/${contactReference}/unmask`,
      { field: 'mobile', reason: '回访' },
    );
    expect((await unmasked.json()).value).toBe(CONTACT_MOBILE);

    const entries = await entriesOf(`contact:${contactReference}`);
    expect(entries.map((e) => e.action)).toEqual(['contacts.unmask', 'contacts']);
    expect(entries[0]).toMatchObject({
      target: { type: 'contact', id: contactReference },
      summary: { request: { field: 'mobile', reason: '回访' } },
    });
    // The creation's request is kept with the number masked.
    expect(entries[1]!.summary).toMatchObject({
      request: { mobile: '139****4455' },
      created: `/api/staff/contacts/${contactReference}`,
    });
    const today = (await audit('')).entries;
    expect(today.some((e) => e.action === 'contacts.search')).toBe(false);
    for (const needle of needles) expect(JSON.stringify(entries), needle).not.toContain(needle);
  });

  it('writes an entry for a recusal and for each case a handover moves', async () => {
    // Nothing to move for 杨德明: one entry for the request itself, on the member.
    const none = await admin().call('POST', '/api/admin/roster/wz-yang-deming/handover', {
      toMemberId: 'wz-ma-jianguo',
      reason: '休假',
    });
    expect(await none.json()).toMatchObject({ moved: [] });
    expect(await entriesOf('roster_member:wz-yang-deming')).toEqual([
      expect.objectContaining({
        action: 'roster.handover',
        target: { type: 'roster_member', id: 'wz-yang-deming' },
        summary: { request: { toMemberId: 'wz-ma-jianguo', reason: '休假' } },
      }),
    ]);
    const moved = await admin().call('POST', '/api/admin/roster/wz-ma-yongfu/handover', {
      toMemberId: 'wz-ma-jianguo',
      reason: '马永福休假',
    });
    expect((await moved.json()).moved).toContain(caseNumber);
    const handed = (await entriesOf(`case:${caseNumber}`)).filter(
      (e) => e.action === 'roster.handover',
    );
    expect(handed).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ subject: 'demo-agency-admin' }),
        route: '/api/admin/roster/:memberId/handover',
        before: expect.objectContaining({
          assignee: expect.objectContaining({ rosterMemberId: 'wz-ma-yongfu' }),
        }),
        after: expect.objectContaining({
          assignee: expect.objectContaining({ rosterMemberId: 'wz-ma-jianguo' }),
        }),
      }),
    ]);
    // The new mediator recused (by the town mediator himself): one more entry, before and after.
    const count = (await entriesOf(`case:${caseNumber}`)).length;
    const recusal = await staff(server, 'demo-mediator-gjq').call(
      'POST',
      `/api/staff/cases/${caseNumber}/recusals`,
      { memberId: 'wz-ma-jianguo', reason: '回避' },
      { 'If-Match': `"${(await admin().get(caseNumber)).version}"` },
    );
    expect(recusal.status).toBe(200);
    const entries = await entriesOf(`case:${caseNumber}`);
    expect(entries).toHaveLength(count + 1);
    expect(entries[0]).toMatchObject({
      action: 'cases.recusals',
      actor: { subject: 'demo-mediator-gjq' },
      before: { assignee: expect.objectContaining({ rosterMemberId: 'wz-ma-jianguo' }) },
      after: { recusals: [expect.objectContaining({ memberId: 'wz-ma-jianguo', reason: '回避' })] },
    });
  });
});

describe('the audit trail middleware', () => {
  it('writes one entry for a successful write, none for a replay, a refusal or a read', async () => {
    const log = dynamoAuditLog(createTable(server.tableName));
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('staff', {
        caller: {
          issuer: 'test',
          subject: 'trail-test',
          name: '测试',
          roles: ['mediator'],
          regionId: 'wz',
          rosterMemberId: null,
        },
        requireRegion: async () => {},
        inRegion: async () => true,
      });
      await next();
    });
    app.use(
      '/api/staff/*',
      auditTrail({
        log,
        clock: server.clock,
        rules: [
          { method: 'POST', path: '/api/staff/things', scope: 'city', roles: ['mediator'] },
          { method: 'GET', path: '/api/staff/things', scope: 'city', roles: ['mediator'] },
        ],
      }),
    );
    app.post('/api/staff/things', async (c) => {
      const { answer } = await c.req.json();
      if (answer === 'replay') c.header('Idempotent-Replayed', 'true');
      if (answer === 'refused') return c.json({ error: { code: 'FORBIDDEN' } }, 403);
      c.header('Location', '/api/staff/contacts/PCTRAIL0001');
      return c.json({ ok: true }, 201);
    });
    app.get('/api/staff/things', (c) => c.json({ ok: true }));
    const post = (answer: string) =>
      app.request('/api/staff/things', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ answer, phone: MOBILE }),
      });
    expect((await post('first')).status).toBe(201);
    expect((await post('replay')).status).toBe(201);
    expect((await post('refused')).status).toBe(403);
    expect((await app.request('/api/staff/things')).status).toBe(200);
    const mine = (await entriesOf('contact:PCTRAIL0001')).filter(
      (e) => e.actor.subject === 'trail-test',
    );
    expect(mine).toEqual([
      expect.objectContaining({
        action: 'things',
        target: { type: 'contact', id: 'PCTRAIL0001' },
        summary: {
          request: { answer: 'first', phone: '138****5678' },
          created: '/api/staff/contacts/PCTRAIL0001',
        },
        status: 201,
      }),
    ]);
  });
});

describe('reading the log', () => {
  it('is for the agency only', async () => {
    for (const as of [
      'demo-mediator-gjqc',
      'demo-judge',
      'demo-grid-worker',
      'demo-panel-member',
    ]) {
      const refused = await staff(server, as).call('GET', '/api/admin/audit');
      expect(refused.status, as).toBe(403);
      expect((await refused.json()).error.code).toBe('FORBIDDEN');
    }
    const anonymous = await fetch(`${server.url}/api/admin/audit`);
    expect(anonymous.status).toBe(401);
  });

  it('lists newest first, page by page, by day, target and actor', async () => {
    const all = await entriesOf(`case:${caseNumber}`);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const keys = all.map((e) => `${new Date(e.at).toISOString()}#${e.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    // A bare case number is the case's target; pages of two add up to the whole, in order.
    const paged: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: Entry[]; next: string | null } = await audit(
        `target=${caseNumber}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.entries.length).toBeLessThanOrEqual(2);
      paged.push(...page.entries);
      cursor = page.next;
    } while (cursor);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));

    // A day's entries: today's (business time) hold this case's latest, newest first too.
    const date = all[0]!.date;
    const day = await audit(`date=${date}&limit=200`);
    const dayKeys = day.entries.map((e) => `${new Date(e.at).toISOString()}#${e.id}`);
    expect(dayKeys).toEqual([...dayKeys].sort().reverse());
    expect(day.entries.map((e) => e.id)).toContain(all[0]!.id);
    expect(day.entries.every((e) => e.date === date)).toBe(true);
    const sameDay = await audit(`target=case:${caseNumber}&date=${date}`);
    expect(sameDay.entries.every((e) => e.date === date && e.target?.id === caseNumber)).toBe(true);
    // By actor: the judge's unmask only.
    const judge = await audit(`target=case:${caseNumber}&actor=demo-judge`);
    expect(judge.entries.map((e) => e.action)).toEqual(['cases.parties.unmask']);

    for (const bad of ['date=2026-13-40', 'limit=0', 'limit=201', 'cursor=bm90LWEtY3Vyc29y']) {
      const response = await admin().call('GET', `/api/admin/audit?${bad}`);
      expect(response.status, bad).toBe(400);
      expect((await response.json()).error.code, bad).toBe('VALIDATION_FAILED');
    }
    // A cursor of another day does not page this one.
    const first = await audit(`target=case:${caseNumber}&limit=1`);
    const other = await admin().call(
      'GET',
      `/api/admin/audit?date=2020-01-01&cursor=${first.next}`,
    );
    expect(other.status).toBe(400);
  });

  it('has no route that changes or deletes an entry', async () => {
    const auditRoutes = server.api.routes.filter((r) => r.path.startsWith('/api/admin/audit'));
    expect([...new Set(auditRoutes.map((r) => r.method))]).toEqual(['GET']);
    const [one] = await entriesOf(`case:${caseNumber}`);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/api/admin/audit', `/api/admin/audit/${one!.id}`]) {
        const response = await admin().call(method, path, method === 'DELETE' ? undefined : {});
        expect([404, 405], `${method} ${path}`).toContain(response.status);
        expect((await response.json()).error.code, `${method} ${path}`).toMatch(
          /^(NOT_FOUND|METHOD_NOT_ALLOWED)$/,
        );
      }
    }
    expect((await entriesOf(`case:${caseNumber}`))[0]).toEqual(one);
  });

  it('holds no personal number anywhere in the log', async () => {
    const table = createTable(server.tableName);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await table.doc.send(
        new ScanCommand({
          TableName: table.name,
          FilterExpression: 'begins_with(pk, :audit)',
          ExpressionAttributeValues: { ':audit': 'AUDIT#' },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    expect(items.length).toBeGreaterThanOrEqual(8);
    const dump = JSON.stringify(items);
    for (const needle of needles) expect(dump, needle).not.toContain(needle);
    expect(dump).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });
});

// Recusal (回避) and handover through the real server, table and workflow: who takes a recused member's seat and calendar, who may recuse whom, a party's request with its code, and moving a member's open cases during leave.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoCaseStore } from '../../functions/adapters/dynamo/case-store.ts';
import { dynamoCityStore } from '../../functions/adapters/dynamo/city-store.ts';
import { dynamoStaffAccountStore } from '../../functions/adapters/dynamo/staff-account-store.ts';
import { createTable, type Table } from '../../functions/adapters/dynamo/table-client.ts';
import { SlotFull } from '../../functions/domain/errors.ts';
import { type RecusalDeps, recuse as recuseCase } from '../../functions/use-cases/recusals.ts';
import {
  asParty,
  clockNow,
  codeSentTo,
  fileCase,
  moveClock,
  outbox,
  sampleIntake,
  staff,
  toDiagnosis,
  waitForClosed,
  waitForStage,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let table: Table;
/** An agency admin of 青铜峡市 only (another county): a handover reaches that county's cases alone. */
const COUNTY_ADMIN = 'people-test-qtx-admin';
/** A mediator of 郭家桥村 with no roster seat: the sessions they book hold only the members named. */
const SCHEDULER = 'people-test-scheduler';

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  table = createTable(server.tableName, new DynamoDBClient({}));
  await dynamoStaffAccountStore(table).put({
    issuer: server.identity.issuer,
    subject: SCHEDULER,
    name: '排期调解员',
    roles: ['mediator'],
    regionId: 'wz-litong-gjq-gjqc',
    rosterMemberId: null,
    enabled: true,
  });
  await dynamoStaffAccountStore(table).put({
    issuer: server.identity.issuer,
    subject: COUNTY_ADMIN,
    name: '青铜峡市综治中心管理员',
    roles: ['agency_admin'],
    regionId: 'wz-qtx',
    rosterMemberId: null,
    enabled: true,
  });
}, 60_000);
afterAll(() => server?.close());

const DAY = 86_400_000;
const mediator = () => staff(server, 'demo-mediator-gjqc');
const admin = () => staff(server, 'demo-agency-admin');
const scheduler = () => staff(server, SCHEDULER);
const json = async (response: Response) => {
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${response.status}: ${text}`);
  return JSON.parse(text);
};
/** An error answer in the contract's shape; returns its `error`. */
async function failure(response: Response, status: number, code: string) {
  const body = await response.json();
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error as { code: string; message: string; details?: Record<string, unknown> };
}

/** A case at its open Session step (simple track, 马永福 its mediator), and the respondent's code. */
async function toSession() {
  const applicant = await toDiagnosis(server, sampleIntake());
  const respondent = await codeSentTo(server, applicant.caseNumber, '139****5678');
  await mediator().act(applicant.caseNumber, 'diagnosis', {
    mediable: true,
    respondentConsents: true,
    track: 'simple',
  });
  await waitForStep(server, applicant.caseNumber, 'Session');
  return { applicant, respondent, caseNumber: applicant.caseNumber };
}

interface Proposal {
  start: string;
  end: string;
  members: { id: string }[];
}
/** Panel proposals (online, no required kinds) for `caller`, with `extra` members sitting. */
async function proposals(
  caseNumber: string,
  extra: string[],
  from: Date,
  caller = 'demo-mediator-gjqc',
  days = 14,
): Promise<Proposal[]> {
  const query = new URLSearchParams({
    mode: 'video',
    kinds: '',
    extra: extra.join(','),
    from: from.toISOString(),
    days: String(days),
    limit: '20',
  });
  const body = await json(
    await staff(server, caller).call(
      'GET',
      `/api/staff/cases/${caseNumber}/panel-proposals?${query}`,
    ),
  );
  return body.proposals as Proposal[];
}

/** Schedules an hour-long online session at `startsAt` with these members (the mediator sits too). */
async function schedule(caseNumber: string, startsAt: string, memberIds: string[]) {
  const record = await mediator().act(caseNumber, 'sessions', {
    startsAt: new Date(startsAt).toISOString(),
    durationMinutes: 60,
    mode: 'video',
    memberIds,
  });
  return record.sessions.at(-1)! as { sessionId: string; memberIds?: string[] };
}

function recuse(
  caseNumber: string,
  body: unknown,
  as = 'demo-mediator-gjqc',
  ifMatch?: string | null,
) {
  return (async () => {
    const version = (await admin().get(caseNumber)).version;
    const headers: Record<string, string> =
      ifMatch === null ? {} : { 'If-Match': ifMatch ?? `"${version}"` };
    return staff(server, as).call('POST', `/api/staff/cases/${caseNumber}/recusals`, body, headers);
  })();
}

const caseItem = async (caseNumber: string) =>
  (
    await table.doc.send(
      new GetCommand({
        TableName: table.name,
        Key: { pk: `CASE#${caseNumber}`, sk: 'CASE' },
        ConsistentRead: true,
      }),
    )
  ).Item as Record<string, unknown> & {
    recusals?: { memberId: string; actorRole: string; reason: string }[];
    sessions: { sessionId: string; memberIds: string[]; holdsCalendars?: boolean }[];
  };

/** A calendar's busy buckets over [from, to): who holds each and how many. */
async function buckets(calendar: string, from: string, to: string) {
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': `BUSY#${calendar}`,
        ':from': new Date(from).toISOString(),
        ':to': new Date(new Date(to).getTime() - 1).toISOString(),
      },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => ({ holder: i.holder, count: Number(i.busyCount ?? 0) }));
}

async function agenda(memberId: string, sessionId: string) {
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AGENDA#${memberId}` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).filter((i) => i.sessionId === sessionId);
}

const sessionOf = async (caseNumber: string, sessionId: string) =>
  (await admin().get(caseNumber)).sessions.find((s) => s.sessionId === sessionId)! as unknown as {
    memberIds: string[];
    status: string;
  };

/** The sessions on a member's own calendar (GET /api/staff/me/calendar) on a business date. */
async function calendarSessions(as: string, date: string) {
  const body = await json(
    await staff(server, as).call('GET', `/api/staff/me/calendar?from=${date}&to=${date}`),
  );
  return (body.items as { kind: string; sessionId?: string }[])
    .filter((i) => i.kind === 'session')
    .map((i) => i.sessionId);
}

const businessDateOf = (at: string) =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('recusal by staff', () => {
  it('seats a free member of the same kind in the recused one’s place, moves the calendar holds, and never draws the recused again', async () => {
    const { caseNumber, applicant, respondent } = await toSession();
    // A time 马永福 (the mediator) and 李桂芳 (a district mediator) are both free.
    const [free] = await proposals(
      caseNumber,
      ['wz-li-guifang'],
      new Date((await clockNow(server)).getTime() + 2 * DAY),
    );
    expect(free).toBeDefined();
    const { start, end } = free!;
    const { sessionId } = await schedule(caseNumber, start, ['wz-ma-jianguo', 'wz-ding-hailin']);
    expect((await sessionOf(caseNumber, sessionId)).memberIds).toEqual([
      'wz-ma-yongfu',
      'wz-ma-jianguo',
      'wz-ding-hailin',
    ]);
    // 李桂芳 is free then: her own proposals start right at that time.
    const hers = await proposals(caseNumber, [], new Date(start), 'demo-mediator-litong', 1);
    expect(hers[0]?.start).toBe(start);
    expect(await buckets('wz-ma-jianguo', start, end)).toEqual(
      Array(4).fill({ holder: `SESSION#${sessionId}`, count: 1 }),
    );
    const before = await admin().get(caseNumber);

    // Refusals first: none changes the case or tells anyone.
    const path = `/api/staff/cases/${caseNumber}/recusals`;
    const body = { memberId: 'wz-ma-jianguo', reason: '与申请人系亲属' };
    // A member other than the mediator recuses only themselves.
    await failure(await recuse(caseNumber, body, 'demo-legal-advisor'), 403, 'FORBIDDEN');
    await failure(await recuse(caseNumber, body, 'demo-judge'), 403, 'FORBIDDEN');
    // Someone not on the case (吴婷 sits on no session and is not its mediator).
    const notOn = await failure(
      await recuse(caseNumber, { memberId: 'wz-wu-ting', reason: '回避' }),
      409,
      'STAGE_CONFLICT',
    );
    expect(notOn.details).toMatchObject({ memberId: 'wz-wu-ting' });
    const stale = await failure(
      await recuse(caseNumber, body, 'demo-mediator-gjqc', `"${before.version - 1}"`),
      412,
      'PRECONDITION_FAILED',
    );
    expect(stale.details).toMatchObject({ version: before.version });
    await failure(
      await recuse(caseNumber, body, 'demo-mediator-gjqc', null),
      412,
      'PRECONDITION_FAILED',
    );
    // Bodies that are not a recusal: 400 naming the field.
    for (const bad of [
      { memberId: 'wz-ma-jianguo' },
      { memberId: '', reason: '回避' },
      { memberId: 'wz-ma-jianguo', reason: '回避', sessionId: sessionId },
      { memberId: 'wz-ma-jianguo', reason: 'x'.repeat(501) },
    ]) {
      const error = await failure(await recuse(caseNumber, bad), 400, 'VALIDATION_FAILED');
      expect(error.details, JSON.stringify(bad)).toBeTruthy();
    }
    const notJson = await mediator().call('POST', path, undefined, {
      'If-Match': `"${before.version}"`,
      'Content-Type': 'application/json',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toMatch(/^(VALIDATION_FAILED|MALFORMED_JSON)$/);
    await failure(
      await mediator().call('POST', '/api/staff/cases/WZ-2099-999999/recusals', body, {
        'If-Match': '"1"',
      }),
      404,
      'NOT_FOUND',
    );
    expect((await admin().get(caseNumber)).version).toBe(before.version);
    expect((await outbox(server)).some((m) => m.purpose === 'recusal')).toBe(false);

    // The judge recuses himself: nobody else of his kind serves 利通区, so his seat stays empty.
    const judge = await recuse(
      caseNumber,
      { memberId: 'wz-ding-hailin', reason: '曾参与本案' },
      'demo-judge',
    );
    expect(await json(judge)).toMatchObject({
      caseNumber,
      version: before.version + 1,
      memberId: 'wz-ding-hailin',
      replacements: [{ sessionId, memberId: null }],
    });

    // The mediator recuses the town mediator: 李桂芳 (same kind, serves the village, free) sits.
    const done = await recuse(caseNumber, body);
    expect(done.headers.get('etag')).toBe(`"${before.version + 2}"`);
    expect(await json(done)).toMatchObject({
      version: before.version + 2,
      memberId: 'wz-ma-jianguo',
      replacements: [{ sessionId, memberId: 'wz-li-guifang' }],
      assignee: { rosterMemberId: 'wz-ma-yongfu' },
    });
    expect((await sessionOf(caseNumber, sessionId)).memberIds).toEqual([
      'wz-ma-yongfu',
      'wz-li-guifang',
    ]);
    const stored = await caseItem(caseNumber);
    expect(stored.recusals).toEqual([
      expect.objectContaining({
        memberId: 'wz-ding-hailin',
        actorRole: 'judge',
        reason: '曾参与本案',
      }),
      expect.objectContaining({
        memberId: 'wz-ma-jianguo',
        actorRole: 'mediator',
        reason: '与申请人系亲属',
      }),
    ]);

    // The holds moved with the seat: hers taken, theirs given back; her agenda has it, theirs not.
    expect(await buckets('wz-li-guifang', start, end)).toEqual(
      Array(4).fill({ holder: `SESSION#${sessionId}`, count: 1 }),
    );
    for (const gone of ['wz-ma-jianguo', 'wz-ding-hailin']) {
      expect(
        (await buckets(gone, start, end)).every((b) => b.count === 0),
        gone,
      ).toBe(true);
      expect(await agenda(gone, sessionId), gone).toEqual([]);
    }
    expect(await agenda('wz-li-guifang', sessionId)).toHaveLength(1);
    expect(await buckets('wz-ma-yongfu', start, end)).toEqual(
      Array(4).fill({ holder: `SESSION#${sessionId}`, count: 1 }),
    );
    const date = businessDateOf(start);
    expect(await calendarSessions('demo-mediator-litong', date)).toContain(sessionId);
    expect(await calendarSessions('demo-mediator-gjq', date)).not.toContain(sessionId);
    // She is busy then now: her proposals no longer offer that hour.
    const now = await proposals(caseNumber, [], new Date(start), 'demo-mediator-litong', 1);
    expect(
      now.filter((p) => new Date(p.start) < new Date(end) && new Date(start) < new Date(p.end)),
    ).toEqual([]);
    // Recused members are never proposed or seated again on this case.
    const barred = await mediator().call(
      'GET',
      `/api/staff/cases/${caseNumber}/panel-proposals?mode=video&kinds=&extra=wz-ma-jianguo`,
    );
    expect((await failure(barred, 400, 'VALIDATION_FAILED')).details).toMatchObject({
      extra: expect.stringContaining('wz-ma-jianguo'),
    });

    // On the timeline, and every party told.
    const tracking = await json(await asParty(server, respondent, 'GET'));
    expect(
      (tracking.timeline as { type: string }[]).filter((e) => e.type === 'recused'),
    ).toHaveLength(2);
    const told = (await outbox(server)).filter(
      (m) => m.purpose === 'recusal' && m.text.includes(caseNumber),
    );
    expect(told.map((m) => m.recipient).sort()).toEqual([
      '138****5678',
      '138****5678',
      '139****5678',
      '139****5678',
    ]);
    expect(applicant.caseNumber).toBe(caseNumber);

    // 李桂芳 recused in turn: 马建国 is free again then, but recused from this case — the seat stays empty.
    const again = await json(
      await recuse(caseNumber, { memberId: 'wz-li-guifang', reason: '回避' }),
    );
    expect(again.replacements).toEqual([{ sessionId, memberId: null }]);
    expect((await sessionOf(caseNumber, sessionId)).memberIds).toEqual(['wz-ma-yongfu']);
    expect((await buckets('wz-li-guifang', start, end)).every((b) => b.count === 0)).toBe(true);
    expect(await agenda('wz-ma-jianguo', sessionId)).toEqual([]);
  });

  it('draws the replacement fairly: the least loaded free member of the kind', async () => {
    const [a, b] = [await toSession(), await toSession()];
    // Three weeks ahead, where this file holds nothing yet: both district and town mediators free.
    const from = new Date((await clockNow(server)).getTime() + 21 * DAY);
    const [free] = await proposals(a.caseNumber, ['wz-li-guifang', 'wz-ma-jianguo'], from);
    expect(free).toBeDefined();
    // 杨秀兰 (a mediator of 金积镇, who does not serve this village) sits on case a's session;
    // 李桂芳 already sits on case b's the next day, so 马建国 has the lighter calendar that week.
    const { sessionId } = await schedule(a.caseNumber, free!.start, ['wz-yang-xiulan']);
    await schedule(b.caseNumber, new Date(new Date(free!.start).getTime() + DAY).toISOString(), [
      'wz-li-guifang',
    ]);
    const done = await json(
      await recuse(a.caseNumber, { memberId: 'wz-yang-xiulan', reason: '与被申请人有利害关系' }),
    );
    expect(done.replacements).toEqual([{ sessionId, memberId: 'wz-ma-jianguo' }]);
    expect((await sessionOf(a.caseNumber, sessionId)).memberIds).toEqual([
      'wz-ma-yongfu',
      'wz-ma-jianguo',
    ]);
  });

  it('skips a busy candidate, and answers 409 SLOT_FULL when the chosen one’s time was taken after the choice', async () => {
    const [a, b] = [await toSession(), await toSession()];
    const from = new Date((await clockNow(server)).getTime() + 2 * DAY);
    const [free] = await proposals(a.caseNumber, ['wz-li-guifang', 'wz-ma-jianguo'], from);
    const { sessionId } = await schedule(a.caseNumber, free!.start, ['wz-yang-xiulan']);
    // Case b (booked by a mediator with no roster seat) holds 李桂芳 at that very hour.
    const held = await scheduler().act(b.caseNumber, 'sessions', {
      startsAt: new Date(free!.start).toISOString(),
      durationMinutes: 60,
      mode: 'video',
      memberIds: ['wz-li-guifang'],
    });
    const other = held.sessions.at(-1)!.sessionId;
    const before = await admin().get(a.caseNumber);

    // A calendar read that missed b's session (a race): the claim fails in the transaction.
    const cities = dynamoCityStore(table);
    const stale = {
      cityId: 'wuzhong',
      cities,
      cases: dynamoCaseStore(table, 'wuzhong'),
      clock: server.clock,
      cityName: '吴忠市',
      codec: { open: () => Promise.reject(new Error('not in this test')) },
      notifier: { send: () => Promise.resolve() },
      reportError: () => {},
      catalogue: async () => ({
        city: (await cities.readCity('wuzhong'))!,
        roster: await cities.readRoster('wuzhong'),
      }),
      busy: async () => [],
      assignedOpenCases: async () => [],
    } as unknown as RecusalDeps;
    const raced = await recuseCase(
      stale,
      a.caseNumber,
      { memberId: 'wz-yang-xiulan', reason: '回避' },
      { role: 'mediator', id: 'test', name: '测试' },
      { expectedVersion: before.version },
    ).catch((error: unknown) => error);
    expect(raced).toBeInstanceOf(SlotFull);
    expect((raced as SlotFull).details).toMatchObject({ memberIds: ['wz-li-guifang'] });
    expect((await admin().get(a.caseNumber)).version).toBe(before.version);
    expect(await buckets('wz-li-guifang', free!.start, free!.end)).toEqual(
      Array(4).fill({ holder: `SESSION#${other}`, count: 1 }),
    );
    expect(await buckets('wz-yang-xiulan', free!.start, free!.end)).toEqual(
      Array(4).fill({ holder: `SESSION#${sessionId}`, count: 1 }),
    );

    // Through the API the calendars are read: 李桂芳 is busy, so 马建国 takes the seat.
    const done = await json(
      await recuse(a.caseNumber, { memberId: 'wz-yang-xiulan', reason: '回避' }),
    );
    expect(done.replacements).toEqual([{ sessionId, memberId: 'wz-ma-jianguo' }]);
    expect(await agenda('wz-li-guifang', sessionId)).toEqual([]);
    expect(await agenda('wz-ma-jianguo', sessionId)).toHaveLength(1);
  });
});

describe('recusal asked for by a party', () => {
  it('works with the party’s code; a wrong code answers exactly like an unknown case', async () => {
    const { caseNumber, respondent } = await toSession();
    const [free] = await proposals(
      caseNumber,
      [],
      new Date((await clockNow(server)).getTime() + 2 * DAY),
    );
    const { sessionId } = await schedule(caseNumber, free!.start, []);
    const ask = (
      code: string,
      number = caseNumber,
      body: unknown = {
        memberId: 'wz-ma-yongfu',
        reason: '调解员与申请人是亲戚',
      },
    ) =>
      fetch(`${server.url}/api/cases/${number}/recusal`, {
        method: 'POST',
        headers: { 'X-Tracking-Code': code, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const wrong = await ask('ZZZZZZZZ');
    const unknown = await ask(respondent.trackingCode, 'WZ-2099-000001');
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await wrong.json()).toEqual(await unknown.json());
    const before = await admin().get(caseNumber);
    expect(before.sessions.find((s) => s.sessionId === sessionId)).toBeDefined();

    // Recusing the case's own mediator (马永福, a village cadre by kind): nobody of his kind
    // serves the village, so his seat empties, and the nearest mediator serving it takes the case.
    const done = await ask(respondent.trackingCode.toLowerCase());
    const view = await json(done);
    expect(view.caseNumber).toBe(caseNumber);
    expect((view.timeline as { type: string }[]).at(-1)).toMatchObject({ type: 'recused' });
    const after = (await admin().get(caseNumber)) as unknown as {
      version: number;
      assignee: { rosterMemberId: string; name: string };
      sessions: { sessionId: string; memberIds: string[] }[];
    };
    expect(after.version).toBe(before.version + 1);
    expect(after.assignee).toMatchObject({ rosterMemberId: 'wz-ma-jianguo', name: '马建国' });
    expect(after.sessions.find((s) => s.sessionId === sessionId)?.memberIds).toEqual([]);
    expect((await caseItem(caseNumber)).recusals).toEqual([
      expect.objectContaining({ memberId: 'wz-ma-yongfu', actorRole: 'respondent' }),
    ]);
    // Once recused, asking again is a conflict; a bad body is 400.
    const twice = await ask(respondent.trackingCode);
    await failure(twice, 409, 'STAGE_CONFLICT');
    await failure(
      await ask(respondent.trackingCode, caseNumber, { memberId: 'wz-ma-jianguo' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('handover', () => {
  it('moves the member’s open cases in the caller’s region only, skips what it may not move, and moves nothing on a re-run', async () => {
    // Four cases 马永福 takes: two stay open, one is closed, one has 马建国 recused from it.
    const filed = await Promise.all([1, 2, 3, 4].map(() => fileCase(server)));
    for (const f of filed) await waitForStage(server, f.caseNumber, 'triage');
    await moveClock(server, { advanceSeconds: 5 * 86_400 });
    for (const f of filed) await waitForStep(server, f.caseNumber, 'Diagnosis');
    const [open1, open2, closed, barred] = filed.map((f) => f.caseNumber) as [
      string,
      string,
      string,
      string,
    ];
    for (const n of [open1, open2, closed]) await mediator().act(n, 'take');
    await mediator().act(closed, 'close', { closureType: 'withdrawn', reason: '申请人撤回' });
    await waitForClosed(server, closed);
    await mediator().act(barred, 'diagnosis', {
      mediable: true,
      respondentConsents: true,
      track: 'simple',
    });
    await waitForStep(server, barred, 'Session');
    const [free] = await proposals(
      barred,
      ['wz-li-guifang'],
      new Date((await clockNow(server)).getTime() + 2 * DAY),
    );
    await schedule(barred, free!.start, ['wz-ma-jianguo']);
    await json(await recuse(barred, { memberId: 'wz-ma-jianguo', reason: '回避' }));

    const handover = (as: string, body: unknown, member = 'wz-ma-yongfu') =>
      staff(server, as).call('POST', `/api/admin/roster/${member}/handover`, body);
    const body = { toMemberId: 'wz-ma-jianguo', reason: '马永福休假两周' };

    // Unsuitable targets and bodies: 400 naming toMemberId; an unknown member: 404; not the agency: 403.
    for (const toMemberId of ['wz-ding-hailin', 'wz-no-such-member', 'wz-ma-yongfu']) {
      const error = await failure(
        await handover('demo-agency-admin', { ...body, toMemberId }),
        400,
        'VALIDATION_FAILED',
      );
      expect(Object.keys(error.details ?? {}), toMemberId).toEqual(['json.toMemberId']);
    }
    await failure(
      await handover('demo-agency-admin', { toMemberId: 'wz-ma-jianguo' }),
      400,
      'VALIDATION_FAILED',
    );
    await failure(await handover('demo-agency-admin', body, 'wz-no-such-member'), 404, 'NOT_FOUND');
    await failure(await handover('demo-mediator-gjqc', body), 403, 'FORBIDDEN');
    // 青铜峡市's admin: 马永福's cases are in 利通区, outside that region — nothing moves.
    expect(await json(await handover(COUNTY_ADMIN, body))).toMatchObject({ moved: [] });
    expect((await admin().get(open1)) as unknown).toMatchObject({
      assignee: { rosterMemberId: 'wz-ma-yongfu' },
    });

    const first = await json(await handover('demo-agency-admin', body));
    expect(first.moved).toEqual(expect.arrayContaining([open1, open2]));
    expect(first.moved).not.toContain(closed);
    expect(first.moved).not.toContain(barred);
    expect(first.skipped).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseNumber: barred })]),
    );
    for (const n of [open1, open2])
      expect((await admin().get(n)) as unknown).toMatchObject({
        assignee: { rosterMemberId: 'wz-ma-jianguo', name: '马建国' },
      });
    expect((await admin().get(closed)) as unknown).toMatchObject({
      assignee: { rosterMemberId: 'wz-ma-yongfu' },
    });
    expect((await admin().get(barred)) as unknown).toMatchObject({
      assignee: { rosterMemberId: 'wz-ma-yongfu' },
    });
    // 马建国's own sign-in finds them in his work (the assignee is named by roster member).
    const mine = await json(
      await staff(server, 'demo-mediator-gjq').call('GET', '/api/staff/me/cases'),
    );
    const numbers = (mine.cases as { caseNumber: string }[]).map((c) => c.caseNumber);
    expect(numbers).toEqual(expect.arrayContaining([open1, open2]));
    // On the case's timeline, for the party too.
    const code = await codeSentTo(server, open1, '139****5678');
    const tracking = await json(await asParty(server, code, 'GET'));
    expect((tracking.timeline as { type: string }[]).map((e) => e.type)).toContain('handed_over');

    // A re-run finds nothing left to move.
    const version = (await admin().get(open1)).version;
    expect((await json(await handover('demo-agency-admin', body))).moved).toEqual([]);
    expect((await admin().get(open1)).version).toBe(version);
  });
});

// The staff portal's back end through the real server: my work, case search and its scope, my calendar, the session room (check-in, minutes) and the judges' queue.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import {
  asParty,
  clockNow,
  codeSentTo,
  fileCase,
  holdSession,
  moveClock,
  sampleIntake,
  staff,
  toDiagnosis,
  waitForStage,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
}, 60_000);
afterAll(() => server?.close());

const GJQC = 'wz-litong-gjq-gjqc';
const ZYC = 'wz-litong-gjq-zyc';
const mediator = () => staff(server, 'demo-mediator-gjqc');
const json = async (response: Response) => {
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${response.status}: ${text}`);
  return JSON.parse(text);
};
type Item = { caseNumber: string; overdue: boolean; dueAt: string | null; assignee: unknown };
const numbers = (items: Item[]) => items.map((i) => i.caseNumber);

/** A session `minutesAhead` of the local clock, with the legal advisor on it besides the mediator. */
async function scheduleSession(caseNumber: string, minutesAhead: number, mode = 'in_person') {
  const startsAt = new Date((await clockNow(server)).getTime() + minutesAhead * 60_000);
  const record = await mediator().act(caseNumber, 'sessions', {
    startsAt: startsAt.toISOString(),
    durationMinutes: 60,
    mode,
    ...(mode === 'in_person' ? { place: '郭家桥村调解室' } : {}),
    memberIds: ['wz-wu-ting'],
  });
  return record.sessions.at(-1)!.sessionId;
}

async function toSession(body = sampleIntake()) {
  const filed = await toDiagnosis(server, body);
  await mediator().act(filed.caseNumber, 'diagnosis', {
    mediable: true,
    respondentConsents: true,
    track: 'simple',
  });
  await waitForStep(server, filed.caseNumber, 'Session');
  return filed;
}

describe('my work', () => {
  it('lists my open cases overdue first, then by the nearest deadline, and my region’s unassigned ones only', async () => {
    const [late, soon, other] = await Promise.all([
      fileCase(server),
      fileCase(server),
      fileCase(server, sampleIntake({ regionId: ZYC })),
    ]);
    for (const filed of [late, soon, other]) await waitForStage(server, filed.caseNumber, 'triage');
    await moveClock(server, { advanceSeconds: 5 * 86_400 });
    for (const filed of [late, soon, other])
      await waitForStep(server, filed.caseNumber, 'Diagnosis');
    // `soon` moves on to sessions (due in 30 days); `late` stays at diagnosis and lapses.
    await mediator().act(late.caseNumber, 'take');
    await mediator().act(soon.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: true,
      track: 'simple',
    });
    await waitForStep(server, soon.caseNumber, 'Session');
    const unassigned = await fileCase(server);
    await waitForStage(server, unassigned.caseNumber, 'triage');
    const open = await mediator().get(late.caseNumber);
    await moveClock(server, {
      to: new Date(new Date(open.openStep!.dueAt).getTime() + 60_000).toISOString(),
    });
    await waitForStep(server, late.caseNumber, 'DiagnosisLate');

    const work = await json(await mediator().call('GET', '/api/staff/me/cases'));
    const mine = (work.cases as Item[]).filter((c) =>
      [late.caseNumber, soon.caseNumber].includes(c.caseNumber),
    );
    expect(numbers(mine)).toEqual([late.caseNumber, soon.caseNumber]);
    expect(mine[0]).toMatchObject({ overdue: true, status: 'overdue', step: 'DiagnosisLate' });
    expect(mine[1]).toMatchObject({
      overdue: false,
      step: 'Session',
      categoryName: '邻里纠纷',
      assignee: { name: '马永福' },
    });
    // Overdue ones lead; the rest go by deadline.
    const flags = (work.cases as Item[]).map((c) => c.overdue);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    const unassignedNumbers = numbers(work.unassigned);
    expect(unassignedNumbers).toContain(unassigned.caseNumber);
    expect(unassignedNumbers).not.toContain(late.caseNumber);
    expect(unassignedNumbers).not.toContain(other.caseNumber);
    // No personal data in the list.
    expect(JSON.stringify(work)).not.toMatch(/马小花|张大山|1381234|139\*{4}/);
    // The other village's mediator sees the other case, and none of mine.
    const theirs = await json(
      await staff(server, 'demo-mediator-zyc').call('GET', '/api/staff/me/cases'),
    );
    expect(numbers(theirs.unassigned)).toContain(other.caseNumber);
    expect(numbers(theirs.unassigned)).not.toContain(unassigned.caseNumber);
    // The town's mediator sees both villages' unassigned cases.
    const town = await json(
      await staff(server, 'demo-mediator-gjq').call('GET', '/api/staff/me/cases'),
    );
    expect(numbers(town.unassigned)).toEqual(
      expect.arrayContaining([other.caseNumber, unassigned.caseNumber]),
    );
    // Grid workers handle no cases.
    const grid = await staff(server, 'demo-grid-worker').call('GET', '/api/staff/me/cases');
    expect(grid.status).toBe(403);
  });

  it('lists a case whose scheduled session I sit on', async () => {
    const filed = await toSession();
    await scheduleSession(filed.caseNumber, 24 * 60);
    const advisor = await json(
      await staff(server, 'demo-legal-advisor').call('GET', '/api/staff/me/cases'),
    );
    expect(numbers(advisor.cases)).toContain(filed.caseNumber);
    const panel = await json(
      await staff(server, 'demo-panel-member').call('GET', '/api/staff/me/cases'),
    );
    expect(numbers(panel.cases)).not.toContain(filed.caseNumber);
  });
});

describe('case search', () => {
  it('filters by number, party, category and stage, masks names, and stays in the caller’s region', async () => {
    const [mine, loan, theirs] = await Promise.all([
      fileCase(server, sampleIntake({ applicant: { name: '欧阳明月', phone: '13812340001' } })),
      fileCase(server, sampleIntake({ category: 'contract_loan' })),
      fileCase(server, sampleIntake({ regionId: ZYC })),
    ]);
    for (const f of [mine, loan, theirs]) await waitForStage(server, f.caseNumber, 'triage');
    const search = async (query: string, as = 'demo-mediator-gjqc') =>
      staff(server, as).call('GET', `/api/staff/cases?${query}`);

    const byParty = await json(await search(`party=${encodeURIComponent('欧阳')}`));
    expect(numbers(byParty.cases)).toEqual([mine.caseNumber]);
    expect(byParty.cases[0].parties).toEqual([
      { role: 'applicant', name: '欧***' },
      { role: 'respondent', name: '张**' },
    ]);
    expect(JSON.stringify(byParty)).not.toContain('欧阳明月');

    const exact = await json(await search(`number=${mine.caseNumber.toLowerCase()}`));
    expect(numbers(exact.cases)).toEqual([mine.caseNumber]);
    const prefix = await json(await search(`number=${mine.caseNumber.slice(0, 8)}`));
    expect(numbers(prefix.cases)).toEqual(
      expect.arrayContaining([mine.caseNumber, loan.caseNumber]),
    );
    expect(numbers(prefix.cases)).not.toContain(theirs.caseNumber);

    const loans = await json(await search('category=contract_loan&stage=triage'));
    expect(numbers(loans.cases)).toContain(loan.caseNumber);
    expect(numbers(loans.cases)).not.toContain(mine.caseNumber);
    expect((loans.cases as { stage: string }[]).every((c) => c.stage === 'triage')).toBe(true);

    // Another village's case: not found by number, and its region is refused.
    expect((await json(await search(`number=${theirs.caseNumber}`))).cases).toEqual([]);
    expect((await search(`region=${ZYC}`)).status).toBe(403);
    expect((await search('regionId=no-such-region')).status).toBe(404);
    expect((await search('stage=nonsense')).status).toBe(400);
    // The town sees both villages; a region narrows it.
    const town = await json(await search(`number=${theirs.caseNumber}`, 'demo-mediator-gjq'));
    expect(numbers(town.cases)).toEqual([theirs.caseNumber]);
    const narrowed = await json(
      await search(`region=${GJQC}&number=${theirs.caseNumber.slice(0, 8)}`, 'demo-mediator-gjq'),
    );
    expect(numbers(narrowed.cases)).not.toContain(theirs.caseNumber);
    expect(numbers(narrowed.cases)).toContain(mine.caseNumber);
  });
});

describe('my calendar', () => {
  it('shows my bookings as a provider and my sessions from my agenda, by start', async () => {
    const to = new Date((await clockNow(server)).getTime() + 30 * 86_400_000).toISOString();
    const slots = await json(
      await fetch(
        `${server.url}/api/slots?servicePointId=${GJQC}-room&serviceId=mediation_request&providerId=wz-ma-yongfu&to=${encodeURIComponent(to)}`,
      ),
    );
    const booked = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({
        slotId: slots.slots[0].slotId,
        serviceId: 'mediation_request',
        mode: 'in_person',
        applicant: { name: '日历测试', phone: '13995110001' },
      }),
    });
    expect(booked.status).toBe(201);
    const { reference, booking } = await booked.json();
    const date = (booking.start as string).slice(0, 10);

    // A session of mine, on the day after the booking: scheduling it writes my agenda item
    // (AGENDA#<member>, <startsAt UTC>#<sessionId>) in the session's own transaction.
    const filed = await toSession();
    const minutes = Math.ceil(
      (new Date(`${date}T10:00:00+08:00`).getTime() +
        86_400_000 -
        (await clockNow(server)).getTime()) /
        60_000,
    );
    const sessionId = await scheduleSession(filed.caseNumber, Math.max(minutes, 60));
    const session = (await mediator().get(filed.caseNumber)).sessions.find(
      (s) => s.sessionId === sessionId,
    )!;
    const table = createTable(server.tableName, new DynamoDBClient({}));
    const agenda = (startsAt: string, id = sessionId) =>
      table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            pk: 'AGENDA#wz-ma-yongfu',
            sk: `${new Date(startsAt).toISOString()}#${id}`,
            caseNumber: filed.caseNumber,
            sessionId: id,
            startsAt,
            endsAt: startsAt,
            mode: 'in_person',
          },
        }),
      );
    // A stale item (a session that is not there) is not shown.
    await agenda(session.startsAt, 'S-NO-SUCH-SESSION');

    const sessionDate = session.startsAt.slice(0, 10);
    const week = await json(
      await mediator().call('GET', `/api/staff/me/calendar?from=${date}&to=${sessionDate}`),
    );
    const items = week.items as {
      kind: string;
      start: string;
      reference?: string;
      sessionId?: string;
    }[];
    expect(items.filter((i) => i.kind === 'booking').map((i) => i.reference)).toContain(reference);
    // Sessions of mine from earlier tests may fall in the range too; the stale item never does.
    const sessions = items.filter((i) => i.kind === 'session');
    expect(sessions).toContainEqual(
      expect.objectContaining({
        kind: 'session',
        caseNumber: filed.caseNumber,
        sessionId,
        place: '郭家桥村调解室',
        status: 'scheduled',
      }),
    );
    expect(sessions.map((i) => i.sessionId)).not.toContain('S-NO-SUCH-SESSION');
    expect(sessions.filter((i) => i.sessionId === sessionId)).toHaveLength(1);
    const starts = items.map((i) => new Date(i.start).getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(JSON.stringify(week)).not.toContain('日历测试');

    // Someone else's calendar holds neither.
    const other = await json(
      await staff(server, 'demo-mediator-zyc').call(
        'GET',
        `/api/staff/me/calendar?from=${date}&to=${sessionDate}`,
      ),
    );
    expect(JSON.stringify(other)).not.toContain(reference);
    // No roster member: an empty calendar. Bad ranges: 400.
    const admin = await json(
      await staff(server, 'demo-agency-admin').call('GET', `/api/staff/me/calendar?from=${date}`),
    );
    expect(admin.items).toEqual([]);
    for (const query of [
      'from=2026-13-01&to=2026-13-02',
      'from=2026-12-10&to=2026-12-09',
      'from=2026-12-01&to=2027-01-05',
    ]) {
      const bad = await mediator().call('GET', `/api/staff/me/calendar?${query}`);
      expect(bad.status, query).toBe(400);
      expect((await bad.json()).error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('the session room', () => {
  it('checks members in once, refuses others, and shows participants on the case file', async () => {
    const filed = await toSession();
    const sessionId = await scheduleSession(filed.caseNumber, 60, 'video');
    const path = `/api/staff/cases/${filed.caseNumber}/sessions/${sessionId}/check-in`;
    const early = await mediator().call('POST', path, {});
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('STAGE_CONFLICT');
    await moveClock(server, { advanceSeconds: 40 * 60 });

    const first = await json(await mediator().call('POST', path, {}));
    expect(first.sessionId).toBe(sessionId);
    // 吴忠市 has no video rooms configured: no link.
    expect(first.videoUrl).toBeNull();
    const me = first.participants.find((p: { id: string }) => p.id === 'wz-ma-yongfu');
    expect(me).toMatchObject({ name: '马永福', kind: 'village_cadre' });
    expect(me.checkedInAt).toBeTruthy();
    expect(first.participants.find((p: { id: string }) => p.id === 'wz-wu-ting')).toMatchObject({
      checkedInAt: null,
    });
    await moveClock(server, { advanceSeconds: 60 });
    const again = await json(await mediator().call('POST', path));
    expect(
      again.participants.find((p: { id: string }) => p.id === 'wz-ma-yongfu').checkedInAt,
    ).toBe(me.checkedInAt);
    // A staff member of the region who does not sit on the session: refused, no link.
    const outsider = await staff(server, 'demo-panel-member').call('POST', path, {});
    expect(outsider.status).toBe(403);
    expect(await outsider.text()).not.toContain('http');
    expect((await mediator().call('POST', path.replace(sessionId, 'S-NONE'))).status).toBe(404);

    const file = await json(await mediator().call('GET', `/api/staff/cases/${filed.caseNumber}`));
    const shown = file.sessions.find((s: { sessionId: string }) => s.sessionId === sessionId);
    expect(shown.participants).toEqual([
      { id: 'wz-ma-yongfu', name: '马永福', kind: 'village_cadre', checkedInAt: me.checkedInAt },
      expect.objectContaining({ id: 'wz-wu-ting', checkedInAt: null }),
    ]);
    expect(shown.minutesVersion).toBe(0);
  });

  it('autosaves minutes at the version last read, refuses a stale one, and the outcome keeps them', async () => {
    const filed = await toSession(sampleIntake({ category: 'contract_loan' }));
    const sessionId = await scheduleSession(filed.caseNumber, 60);
    const path = `/api/staff/cases/${filed.caseNumber}/sessions/${sessionId}/minutes`;
    const save = (text: string, version: number, as = 'demo-mediator-gjqc') =>
      staff(server, as).call('PUT', path, { text, version });

    expect(await json(await save('双方到场。', 0))).toEqual({ minutes: '双方到场。', version: 1 });
    // Another member saves on top of version 1; a save still at 1 is then stale.
    expect(await json(await save('双方到场。申请人陈述。', 1, 'demo-legal-advisor'))).toEqual({
      minutes: '双方到场。申请人陈述。',
      version: 2,
    });
    const stale = await save('旧的草稿', 1);
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({
      error: { code: 'PRECONDITION_FAILED', details: { version: 2 } },
    });
    // Two saves at the same version at once: exactly one wins.
    const race = await Promise.all([save('甲', 2), save('乙', 2, 'demo-legal-advisor')]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 412]);
    expect((await save('x', 3, 'demo-panel-member')).status).toBe(403);
    expect((await save('x'.repeat(20_001), 3)).status).toBe(400);
    expect((await mediator().call('PUT', path, { text: 'x', version: -1 })).status).toBe(400);

    const before = await mediator().get(filed.caseNumber);
    const file = await json(await mediator().call('GET', `/api/staff/cases/${filed.caseNumber}`));
    const draft = file.sessions.find((s: { sessionId: string }) => s.sessionId === sessionId);
    expect(draft.minutesVersion).toBe(3);
    expect(['甲', '乙']).toContain(draft.minutes);
    // Autosaves do not move the case's version (If-Match holders are not disturbed).
    expect(file.version).toBe(before.version);

    await moveClock(server, { advanceSeconds: 2 * 3600 });
    const held = await mediator().act(filed.caseNumber, 'outcome', {
      sessionId,
      outcome: 'another_session',
    });
    expect(held.sessions.find((s) => s.sessionId === sessionId)).toMatchObject({
      status: 'held',
      minutes: draft.minutes,
    });
    const late = await save('会后补记', 3);
    expect(late.status).toBe(409);
    expect((await late.json()).error.code).toBe('STAGE_CONFLICT');
  });
});

describe('the judges’ queue', () => {
  it('lists the agreements whose parties applied for confirmation, oldest first, names masked', async () => {
    const applicant = await toDiagnosis(server, sampleIntake({ category: 'contract_loan' }));
    const respondent = await codeSentTo(server, applicant.caseNumber, '139****5678');
    await mediator().act(applicant.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: true,
      track: 'simple',
    });
    await waitForStep(server, applicant.caseNumber, 'Session');
    const sessionId = await holdSession(server, applicant.caseNumber);
    await mediator().act(applicant.caseNumber, 'outcome', {
      sessionId,
      outcome: 'agreement',
      terms: ['被申请人于 2027 年 3 月 31 日前归还借款 5 万元'],
      signedInPerson: true,
    });
    await waitForStep(server, applicant.caseNumber, 'ConfirmationWindow');
    const judge = staff(server, 'demo-judge');
    const before = await json(await judge.call('GET', '/api/staff/judicial-queue'));
    expect(numbers(before.cases)).not.toContain(applicant.caseNumber);
    await asParty(server, applicant, 'POST', '/judicial-confirmation', { apply: true });
    await asParty(server, respondent, 'POST', '/judicial-confirmation', { apply: true });
    await waitForStep(server, applicant.caseNumber, 'JudicialReview');

    const queue = await json(await judge.call('GET', '/api/staff/judicial-queue'));
    const entry = queue.cases.find((c: Item) => c.caseNumber === applicant.caseNumber);
    expect(entry).toMatchObject({
      category: 'contract_loan',
      overdue: false,
      agreement: { terms: ['被申请人于 2027 年 3 月 31 日前归还借款 5 万元'] },
      parties: [
        { role: 'applicant', name: '马**' },
        { role: 'respondent', name: '张**' },
      ],
    });
    expect(entry.agreement.effectiveAt).toBeTruthy();
    expect(entry.appliedAt).toBeTruthy();
    const applied = (queue.cases as { appliedAt: string }[]).map((c) => c.appliedAt);
    expect(applied).toEqual([...applied].sort());
    expect(JSON.stringify(queue)).not.toMatch(/马小花|张大山/);
    expect((await mediator().call('GET', '/api/staff/judicial-queue')).status).toBe(403);

    await judge.act(applicant.caseNumber, 'judicial-decision', {
      decision: 'confirmed',
      reasons: '协议系双方自愿达成，内容不违反法律规定。',
    });
    const after = await json(await judge.call('GET', '/api/staff/judicial-queue'));
    expect(numbers(after.cases)).not.toContain(applicant.caseNumber);
  });
});

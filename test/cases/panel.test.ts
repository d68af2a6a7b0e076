// Panel scheduling against the real server, table and workflow: the earliest time the whole panel (三官一顾问 and the mediator) and a room are free, and booking it holds every calendar atomically.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStaffAccountStore } from '../../functions/adapters/dynamo/staff-account-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import {
  clockNow,
  fileCase,
  moveClock,
  sampleIntake,
  staff,
  waitForStage,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
/** A mediator of 郭家桥村 with no roster seat of their own: the sessions they book hold only the members named. */
const SCHEDULER = 'panel-test-scheduler';
const mediator = () => staff(server, 'demo-mediator-gjqc');
const scheduler = () => staff(server, SCHEDULER);

beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  await dynamoStaffAccountStore(createTable(server.tableName, new DynamoDBClient({}))).put({
    issuer: server.identity.issuer,
    subject: SCHEDULER,
    name: '排期测试调解员',
    roles: ['mediator'],
    regionId: 'wz-litong-gjq-gjqc',
    rosterMemberId: null,
    enabled: true,
  });
  // An admin's run-time edit before the app first reads the roster: 郭宏 is away for a week.
  const table = createTable(server.tableName, new DynamoDBClient({}));
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: { pk: 'CITY#wuzhong#ROSTER', sk: 'MEMBER#wz-guo-hong' },
      UpdateExpression: 'SET #leave = :leave',
      ExpressionAttributeNames: { '#leave': 'leave' },
      ExpressionAttributeValues: { ':leave': [{ from: LEAVE.from, to: LEAVE.to, reason: '休假' }] },
    }),
  );
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const MINUTE = 60_000;
const dayAfter = (days: number) =>
  new Date(Date.now() + 8 * 60 * MINUTE + days * 86_400_000).toISOString().slice(0, 10);
/** 郭宏's leave: the coming week (business dates, inclusive). */
const LEAVE = { from: dayAfter(0), to: dayAfter(7) };
/** Business time (Asia/Shanghai) of an instant, 'YYYY-MM-DD HH:MM'. */
const business = (at: Date | string) =>
  new Date(new Date(at).getTime() + 8 * 60 * MINUTE).toISOString().slice(0, 16).replace('T', ' ');
/** The instant of a business date and time. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/** Slot query bounds for one business date. */
const dayRange = (date: string) =>
  new URLSearchParams({
    from: at(date, '00:00').toISOString(),
    to: at(date, '23:59').toISOString(),
  }).toString();

/** `count` cases of 郭家桥村 at the session step (filed together, one clock move for all). */
async function casesAtSession(count: number): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, () =>
        fileCase(server, sampleIntake({ category: 'neighbours' })),
      ),
    );
    numbers.push(...batch.map((f) => f.caseNumber));
  }
  for (const n of numbers) await waitForStage(server, n, 'triage');
  await moveClock(server, { advanceSeconds: 5 * 86_400 });
  for (let i = 0; i < numbers.length; i += 10)
    await Promise.all(
      numbers.slice(i, i + 10).map(async (n) => {
        await waitForStep(server, n, 'Diagnosis', 'demo-agency-admin', 30_000);
        await mediator().act(n, 'diagnosis', {
          mediable: true,
          respondentConsents: true,
          track: 'simple',
        });
        await waitForStep(server, n, 'Session', 'demo-agency-admin', 30_000);
      }),
    );
  return numbers;
}

interface Proposal {
  start: string;
  end: string;
  members: { id: string; name: string; kind: string }[];
  room: { id: string; name: string; servicePointId: string } | null;
}
async function proposals(caseNumber: string, query = '', as = mediator()): Promise<Proposal[]> {
  const response = await as.call(
    'GET',
    `/api/staff/cases/${caseNumber}/panel-proposals?durationMinutes=60&mode=in_person${query}`,
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { proposals: Proposal[] }).proposals;
}

/** The notices of a member's sign-in about one case, newest first. */
async function inboxOf(subject: string, caseNumber: string) {
  const response = await staff(server, subject).call('GET', '/api/staff/me/notices');
  expect(response.status).toBe(200);
  const { notices } = (await response.json()) as {
    notices: { caseNumber: string; purpose: string; text: string; sessionId: string | null }[];
  };
  return notices.filter((n) => n.caseNumber === caseNumber);
}

/** Schedules a session as `as` (If-Match at the case's version); the raw response. */
async function schedule(caseNumber: string, body: Record<string, unknown>, as = scheduler()) {
  const current = await as.get(caseNumber);
  return as.call('POST', `/api/staff/cases/${caseNumber}/sessions`, body, {
    'If-Match': `"${current.version}"`,
  });
}

/** A resident's booking of a member's consultation slot at a business time (their calendar then holds it). */
async function bookMember(providerId: string, date: string, time: string) {
  const point = 'wz-litong-gjq-station';
  const response = await fetch(
    `${server.url}/api/slots?servicePointId=${point}&serviceId=legal_consultation&providerId=${providerId}&${dayRange(date)}`,
  );
  expect(response.status).toBe(200);
  const { slots } = (await response.json()) as { slots: { slotId: string; start: string }[] };
  const slot = slots.find((s) => business(s.start) === `${date} ${time}`);
  expect(slot, `${providerId}'s slot at ${date} ${time}`).toBeDefined();
  const booked = await fetch(`${server.url}/api/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({
      slotId: slot!.slotId,
      serviceId: 'legal_consultation',
      mode: 'in_person',
      applicant: { name: '马文华', phone: '13995110001' },
    }),
  });
  expect(booked.status, await booked.clone().text()).toBe(201);
}

const PANEL = ['wz-ding-hailin', 'wz-zhao-yonggang', 'wz-su-jianjun', 'wz-wu-ting'];

describe('leave', () => {
  // First in the file: the local clock has not been moved yet, so the window covers the leave.
  it('offers no consultation of a member on leave, and slots again once back', async () => {
    const response = await fetch(
      `${server.url}/api/slots?servicePointId=wz-litong-jj-qbgc-room&serviceId=legal_consultation&providerId=wz-guo-hong`,
    );
    expect(response.status).toBe(200);
    const { slots } = (await response.json()) as { slots: { start: string }[] };
    const dates = slots.map((s) => business(s.start).slice(0, 10));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.filter((d) => d >= LEAVE.from && d <= LEAVE.to)).toEqual([]);
  });
});

describe('collective availability', () => {
  it('5 required members with conflicting calendars: the true earliest common slot', async () => {
    const [a, b, c] = await casesAtSession(3);
    // Nothing held yet: the panel's common shift is Friday morning (08:30–12:00) at the
    // 郭家桥乡 station, so the first proposal opens the first Friday morning ahead.
    const clear = await proposals(a!);
    expect(clear.length).toBeGreaterThan(0);
    const friday = business(clear[0]!.start).slice(0, 10);
    expect(new Date(`${friday}T12:00:00Z`).getUTCDay()).toBe(5);
    expect(business(clear[0]!.start)).toBe(`${friday} 08:30`);
    expect(clear[0]!.members.map((m) => m.id).sort()).toEqual(['wz-ma-yongfu', ...PANEL].sort());
    expect(clear[0]!.room).toMatchObject({ id: 'gjqc-tiaojie' });

    // Conflicts that morning, each written the way the product writes it:
    //   judge 丁海林 and advisor 吴婷: residents book their 08:30 and 09:00 consultations;
    //   officer 苏建军 (with the mediator 马永福): case B's session 09:00–10:00 in the village room;
    //   prosecutor 赵永刚 (with 马永福): case C's session 10:00–10:30.
    await bookMember('wz-ding-hailin', friday, '08:30');
    await bookMember('wz-wu-ting', friday, '09:00');
    const busyB = await schedule(
      b!,
      {
        startsAt: at(friday, '09:00').toISOString(),
        durationMinutes: 60,
        mode: 'in_person',
        memberIds: ['wz-su-jianjun'],
        roomId: 'gjqc-tiaojie',
      },
      mediator(),
    );
    expect(busyB.status, await busyB.clone().text()).toBe(200);
    const busyC = await schedule(
      c!,
      {
        startsAt: at(friday, '10:00').toISOString(),
        durationMinutes: 30,
        mode: 'video',
        memberIds: ['wz-zhao-yonggang'],
      },
      mediator(),
    );
    expect(busyC.status, await busyC.clone().text()).toBe(200);

    // Brute force over the morning's 15-minute grid: the first hour no one's calendar touches.
    const held: Record<string, [string, string][]> = {
      'wz-ding-hailin': [['08:30', '09:00']],
      'wz-wu-ting': [['09:00', '09:30']],
      'wz-su-jianjun': [['09:00', '10:00']],
      'wz-zhao-yonggang': [['10:00', '10:30']],
      'wz-ma-yongfu': [
        ['09:00', '10:00'],
        ['10:00', '10:30'],
      ],
    };
    let expected: string | undefined;
    for (
      let t = at(friday, '08:30').getTime();
      t + 60 * MINUTE <= at(friday, '12:00').getTime();
    ) {
      const end = t + 60 * MINUTE;
      const clash = Object.values(held)
        .flat()
        .some(([s, e]) => at(friday, s).getTime() < end && t < at(friday, e).getTime());
      if (!clash) {
        expected = business(new Date(t));
        break;
      }
      t += 15 * MINUTE;
    }
    expect(expected).toBe(`${friday} 10:30`);

    const now = await proposals(a!, '&limit=3');
    expect(business(now[0]!.start)).toBe(expected);
    expect(now[0]!.members.map((m) => m.id).sort()).toEqual(['wz-ma-yongfu', ...PANEL].sort());
    // The village room is free again by 10:30; no proposal falls on a held hour.
    expect(now[0]!.room).toMatchObject({ id: 'gjqc-tiaojie' });
    for (const p of now)
      expect(new Date(p.start).getTime()).toBeGreaterThanOrEqual(at(friday, '10:30').getTime());

    // Booking the proposal holds every member's calendar and the room's: asked again, the
    // same case's next proposal cannot be that hour, and another case's cannot either.
    const chosen = now[0]!;
    const booked = await schedule(
      a!,
      {
        startsAt: chosen.start,
        durationMinutes: 60,
        mode: 'in_person',
        memberIds: chosen.members.map((m) => m.id),
        roomId: chosen.room!.id,
      },
      mediator(),
    );
    expect(booked.status, await booked.clone().text()).toBe(200);
    const session = (
      (await booked.json()) as { sessions: { place?: string; status: string }[] }
    ).sessions.find((s) => s.status === 'scheduled');
    expect(session?.place).toContain('村调解室');
    const [d] = await casesAtSession(1);
    const after = await proposals(d!);
    expect(after[0]!.start).not.toBe(chosen.start);
    // The judge's consultation slot at that hour is gone for residents too (one calendar).
    const slots = (await (
      await fetch(
        `${server.url}/api/slots?servicePointId=wz-litong-gjq-station&serviceId=legal_consultation&providerId=wz-ding-hailin&${dayRange(friday)}`,
      )
    ).json()) as { slots: { start: string }[] };
    expect(slots.slots.map((s) => business(s.start))).not.toContain(`${friday} 10:30`);
    // The members' calendars show it.
    const calendar = await staff(server, 'demo-judge').call(
      'GET',
      `/api/staff/me/calendar?from=${friday}&to=${friday}`,
    );
    expect(calendar.status).toBe(200);
    const items = ((await calendar.json()) as { items: { kind: string; caseNumber?: string }[] })
      .items;
    expect(items.filter((i) => i.kind === 'session').map((i) => i.caseNumber)).toContain(a);
  }, 180_000);

  it('50 concurrent attempts to book overlapping sessions sharing one member: exactly one succeeds', async () => {
    const cases = await casesAtSession(50);
    // Fifty sessions of different cases, starts spread over 45 minutes: every two overlap,
    // and all seat judge 丁海林 (each with a different room, or online, so only he is shared).
    const base =
      Math.ceil(((await clockNow(server)).getTime() + 2 * 24 * 60 * MINUTE) / (15 * MINUTE)) *
      15 *
      MINUTE;
    const answers = await Promise.all(
      cases.map(async (n, i) => {
        const response = await schedule(n, {
          startsAt: new Date(base + (i % 4) * 15 * MINUTE).toISOString(),
          durationMinutes: 60,
          mode: 'video',
          memberIds: ['wz-ding-hailin'],
        });
        return {
          n,
          status: response.status,
          body: (await response.json()) as {
            error?: { code: string; details: { memberIds?: string[] } };
          },
        };
      }),
    );
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status !== 200);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const l of lost) {
      expect(l.status).toBe(409);
      expect(l.body.error?.code).toBe('SLOT_FULL');
      expect(l.body.error?.details.memberIds).toEqual(['wz-ding-hailin']);
    }
    // Nothing half-written: the losers hold no session, the winner exactly one.
    const reader = staff(server, 'demo-agency-admin');
    for (const a of answers) {
      const record = await reader.get(a.n);
      expect(record.sessions.filter((s) => s.status === 'scheduled')).toHaveLength(
        a.status === 200 ? 1 : 0,
      );
    }
    // The judge's agenda holds the winner's session only.
    const calendar = await staff(server, 'demo-judge').call(
      'GET',
      `/api/staff/me/calendar?from=${business(new Date(base)).slice(0, 10)}`,
    );
    const items = (
      (await calendar.json()) as { items: { kind: string; caseNumber?: string }[] }
    ).items.filter((i) => i.kind === 'session');
    expect(items.map((i) => i.caseNumber)).toEqual([won[0]!.n]);
  }, 300_000);
});

describe('moving and ending a session', () => {
  it('moves the holds with the session, and gives them back when the case is withdrawn', async () => {
    const [e, f] = await casesAtSession(2);
    const base =
      Math.ceil(((await clockNow(server)).getTime() + 10 * 24 * 60 * MINUTE) / (15 * MINUTE)) *
      15 *
      MINUTE;
    const when = (offsetMinutes: number) => new Date(base + offsetMinutes * MINUTE).toISOString();
    const first = await schedule(e!, {
      startsAt: when(0),
      durationMinutes: 60,
      mode: 'video',
      memberIds: ['wz-wu-ting'],
    });
    expect(first.status).toBe(200);
    const sessionId = ((await first.json()) as { sessions: { sessionId: string }[] }).sessions.at(
      -1,
    )!.sessionId;
    // Another case cannot take 吴婷 at that hour …
    const clash = await schedule(f!, {
      startsAt: when(30),
      durationMinutes: 60,
      mode: 'video',
      memberIds: ['wz-wu-ting'],
    });
    expect(clash.status).toBe(409);
    // … until the session moves two hours later (overlapping its old self by nothing).
    const current = await scheduler().get(e!);
    const moved = await scheduler().call(
      'POST',
      `/api/staff/cases/${e}/sessions/${sessionId}/reschedule`,
      { startsAt: when(120), durationMinutes: 60, mode: 'video' },
      { 'If-Match': `"${current.version}"` },
    );
    expect(moved.status, await moved.clone().text()).toBe(200);
    const now = await schedule(f!, {
      startsAt: when(30),
      durationMinutes: 60,
      mode: 'video',
      memberIds: ['wz-wu-ting'],
    });
    expect(now.status, await now.clone().text()).toBe(200);
    // Moving onto its own old time and partly onto f's is refused whole: the session stays put.
    const back = await scheduler().get(e!);
    const refused = await scheduler().call(
      'POST',
      `/api/staff/cases/${e}/sessions/${sessionId}/reschedule`,
      { startsAt: when(60), durationMinutes: 90, mode: 'video' },
      { 'If-Match': `"${back.version}"` },
    );
    expect(refused.status).toBe(409);
    expect((await scheduler().get(e!)).sessions.at(-1)!.startsAt).toBe(
      ((await moved.json()) as { sessions: { startsAt: string }[] }).sessions.at(-1)!.startsAt,
    );
    // Withdrawn: 吴婷's later hour is free again for anyone.
    await scheduler().act(e!, 'close', { closureType: 'withdrawn', reason: '申请人撤回' });
    const [g] = await casesAtSession(1);
    const free = await schedule(g!, {
      startsAt: when(120),
      durationMinutes: 60,
      mode: 'video',
      memberIds: ['wz-wu-ting'],
    });
    expect(free.status, await free.clone().text()).toBe(200);
    // The withdrawn case's session is cancelled, not left "scheduled" on a closed case.
    await waitForStage(server, e!, 'closed');
    const closed = await staff(server, 'demo-agency-admin').get(e!);
    expect(closed.sessions.map((s) => s.status)).toEqual(['cancelled']);
    // 吴婷 was told each time in her portal inbox: invited, moved, cancelled (newest first).
    const inbox = await inboxOf('demo-legal-advisor', e!);
    expect(inbox.map((n) => n.purpose)).toEqual([
      'session-cancelled',
      'session-moved',
      'session-invitation',
    ]);
    expect(inbox.every((n) => n.sessionId === sessionId)).toBe(true);
    expect(inbox[1]!.text).toContain(business(when(120)).slice(11));
    // The scheduler is no roster member: an empty inbox, not an error.
    const none = await scheduler().call('GET', '/api/staff/me/notices');
    expect(await none.json()).toEqual({ notices: [] });
  }, 180_000);

  it('cancels a session still scheduled when the deadline escalates the case, and gives its time back', async () => {
    const [c] = await casesAtSession(1);
    const startsAt = new Date(
      Math.ceil(((await clockNow(server)).getTime() + 3 * 24 * 60 * MINUTE) / (15 * MINUTE)) *
        15 *
        MINUTE,
    ).toISOString();
    const booked = await schedule(c!, {
      startsAt,
      durationMinutes: 60,
      mode: 'video',
      memberIds: ['wz-su-jianjun'],
    });
    expect(booked.status, await booked.clone().text()).toBe(200);
    const { sessionId } = (
      (await booked.json()) as { sessions: { sessionId: string }[] }
    ).sessions.at(-1)!;
    const holds = async () => {
      const out = await createTable(server.tableName, new DynamoDBClient({})).doc.send(
        new QueryCommand({
          TableName: server.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'BUSY#wz-su-jianjun' },
        }),
      );
      return (out.Items ?? []).filter((i) => i.holder === `SESSION#${sessionId}`);
    };
    expect((await holds()).map((i) => i.busyCount)).toEqual([1, 1, 1, 1]);

    // Nobody records an outcome: past the sessions' 30 days and the supervision grace, the
    // workflow escalates the case to the town.
    await moveClock(server, { advanceSeconds: 40 * 86_400 });
    const admin = staff(server, 'demo-agency-admin');
    for (let i = 0; i < 100 && (await admin.get(c!)).level === 'village'; i++)
      await new Promise((r) => setTimeout(r, 200));
    const escalated = await admin.get(c!);
    expect(escalated.level).toBe('town');
    expect(escalated.sessions.map((s) => s.status)).toEqual(['cancelled']);
    expect((await holds()).map((i) => i.busyCount)).toEqual([0, 0, 0, 0]);
    // 苏建军 learns it from his inbox.
    expect((await inboxOf('demo-police', c!)).map((n) => n.purpose)).toEqual([
      'session-cancelled',
      'session-invitation',
    ]);
  }, 180_000);

  it('refuses unknown members and rooms, and rooms for online sessions, as field errors', async () => {
    const [h] = await casesAtSession(1);
    const startsAt = new Date(
      (await clockNow(server)).getTime() + 5 * 24 * 60 * MINUTE,
    ).toISOString();
    const cases: [Record<string, unknown>, string][] = [
      [{ memberIds: ['nobody-here'], mode: 'video' }, 'memberIds'],
      [{ roomId: 'no-such-room', mode: 'in_person' }, 'roomId'],
      [{ roomId: 'gjqc-tiaojie', mode: 'video' }, 'roomId'],
    ];
    for (const [body, field] of cases) {
      const response = await schedule(h!, { startsAt, durationMinutes: 60, ...body });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as {
        error: { code: string; details: Record<string, unknown> };
      };
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(error.details).join(' ')).toContain(field);
    }
    const bad = await mediator().call(
      'GET',
      `/api/staff/cases/${h}/panel-proposals?kinds=judge,astronaut`,
    );
    expect(bad.status).toBe(400);
    const stranger = await mediator().call(
      'GET',
      `/api/staff/cases/${h}/panel-proposals?extra=nobody-here`,
    );
    expect(stranger.status).toBe(400);
    expect((await scheduler().get(h!)).sessions).toEqual([]);
  }, 120_000);
});

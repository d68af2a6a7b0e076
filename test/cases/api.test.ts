// The disputes API's conventions: gapless numbers under concurrency, idempotent intake, field errors, codes per party, If-Match and stage conflicts, region scope, attachments.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate } from '../../functions/domain/time.ts';
import { runBookingReminders } from '../../functions/scheduler/booking-reminders.ts';
import {
  asParty,
  clockNow,
  codeSentTo,
  fileCase,
  moveClock,
  outbox,
  sampleIntake,
  staff,
  waitForStage,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
}, 60_000);
afterAll(() => server?.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers },
    body: JSON.stringify(body),
  });

describe('intake', () => {
  it('gives 50 concurrent intakes 50 distinct, consecutive case numbers', async () => {
    const filed = await Promise.all(Array.from({ length: 50 }, () => fileCase(server)));
    const numbers = filed.map((f) => f.caseNumber).sort();
    expect(new Set(numbers).size).toBe(50);
    const serial = numbers.map((n) => Number(n.slice(-6)));
    const year = numbers[0]!.slice(3, 7);
    expect(numbers.every((n) => n.startsWith(`WZ-${year}-`))).toBe(true);
    expect(serial.at(-1)! - serial[0]! + 1).toBe(50);
  }, 120_000);

  it('replays a retried intake with the same number and code, and refuses the key with another body', async () => {
    const key = randomUUID();
    const body = sampleIntake();
    const first = await post('/api/cases', body, { 'Idempotency-Key': key });
    const again = await post('/api/cases', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    const other = await post(
      '/api/cases',
      { ...body, description: '另一件事情，另一段描述文字。' },
      { 'Idempotency-Key': key },
    );
    expect(other.status).toBe(422);
    expect((await post('/api/cases', body, { 'Idempotency-Key': '' })).status).toBe(400);
  });

  it.each([
    ['a town is not where a case is placed', { regionId: 'wz-litong-gjq' }, 'regionId'],
    ['an unknown category', { category: 'dragons' }, 'category'],
    ['no consent to the privacy notice', { privacyConsent: false }, 'privacyConsent'],
    ['a respondent without phone or address', { respondent: { name: '张大山' } }, 'respondent'],
    ['a wrong mobile', { applicant: { name: '马小花', phone: '12345' } }, 'applicant'],
    [
      'a wrong ID number',
      { applicant: { name: '马小花', phone: '13812345678', idNumber: '640302199001011234' } },
      'applicant',
    ],
  ])('answers 400 naming the field for %s', async (_why, change, field) => {
    const response = await post('/api/cases', sampleIntake(change));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(body.error.details)).toContain(field);
  });

  it('accepts a landline for the respondent, a group claim with an agent, and a grid as the place', async () => {
    const filed = await fileCase(
      server,
      sampleIntake({
        category: 'labour_wages',
        regionId: 'wz-litong-gjq-gjqc-g1',
        respondent: { name: '某建筑公司', phone: '0953-2012348' },
        coApplicants: [
          { name: '阿依古丽·买买提', phone: '13700000001' },
          { name: '李四', phone: '13700000002' },
        ],
        agent: { name: '马小军', phone: '13700000003', relation: '儿子' },
      }),
    );
    const file = await staff(server, 'demo-mediator-gjqc').get(filed.caseNumber);
    expect(file.handlingRegionId).toBe('wz-litong-gjq-gjqc');
    expect(file.parties.map((p) => p.partyId)).toEqual([
      'applicant',
      'co1',
      'co2',
      'respondent',
      'agent',
    ]);
    expect(file.parties.find((p) => p.partyId === 'respondent')?.phone).toBe('0953-****348');
    expect(JSON.stringify(file)).not.toContain('13700000001');
  });
});

describe('tracking', () => {
  it('opens the case for each party with its own code, and answers 404 alike for a wrong code or case', async () => {
    const applicant = await fileCase(server);
    await waitForStage(server, applicant.caseNumber, 'triage');
    const respondent = await codeSentTo(server, applicant.caseNumber, '139****5678');
    expect(respondent.trackingCode).not.toBe(applicant.trackingCode);
    const mine = await (await asParty(server, applicant, 'GET')).json();
    const theirs = await (await asParty(server, respondent, 'GET')).json();
    expect(mine.party).toMatchObject({ role: 'applicant', name: '马小花' });
    expect(theirs.party).toMatchObject({ role: 'respondent', name: '张大山' });
    expect(JSON.stringify(theirs)).not.toMatch(/1381234|13912345678/);
    expect(theirs.timeline[0]).toMatchObject({ type: 'filed', actorRole: 'applicant' });
    const wrong = await asParty(server, { ...applicant, trackingCode: 'ABCDEFGH' }, 'GET');
    const unknown = await asParty(
      server,
      { caseNumber: 'WZ-2099-999999', trackingCode: applicant.trackingCode },
      'GET',
    );
    expect([wrong.status, unknown.status]).toEqual([404, 404]);
    expect((await wrong.json()).error.code).toBe((await unknown.json()).error.code);
    // The applicant cannot answer for the respondent.
    expect((await asParty(server, applicant, 'POST', '/response', { consent: true })).status).toBe(
      409,
    );
  });
});

describe('staff actions', () => {
  it('answers 412 to a stale If-Match, 409 to an action the step does not take, 403 outside the region', async () => {
    const filed = await fileCase(server);
    await waitForStage(server, filed.caseNumber, 'triage');
    await moveClock(server, { advanceSeconds: 5 * 86_400 });
    const open = await waitForStep(server, filed.caseNumber, 'Diagnosis');
    const mediator = staff(server, 'demo-mediator-gjqc');
    const path = `/api/staff/cases/${filed.caseNumber}`;
    const etag = (await mediator.call('GET', path)).headers.get('ETag');
    expect(etag).toBe(`"${open.version}"`);
    const noMatch = await mediator.call('POST', `${path}/take`, {});
    expect(noMatch.status).toBe(412);
    const taken = await mediator.call('POST', `${path}/take`, {}, { 'If-Match': etag! });
    expect(taken.status).toBe(200);
    const stale = await mediator.call(
      'POST',
      `${path}/diagnosis`,
      { mediable: true, respondentConsents: true, track: 'simple' },
      { 'If-Match': etag! },
    );
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.code).toBe('PRECONDITION_FAILED');
    const fresh = taken.headers.get('ETag')!;
    const wrongStep = await mediator.call(
      'POST',
      `${path}/follow-up`,
      { result: 'performed' },
      { 'If-Match': fresh },
    );
    expect(wrongStep.status).toBe(409);
    expect((await wrongStep.json()).error.code).toBe('STAGE_CONFLICT');
    const neighbour = staff(server, 'demo-mediator-zyc');
    expect((await neighbour.call('GET', path)).status).toBe(403);
    const sessionTooEarly = await mediator.call(
      'POST',
      `${path}/sessions`,
      { startsAt: '2099-01-01T09:00:00+08:00', durationMinutes: 60, mode: 'video' },
      { 'If-Match': fresh },
    );
    expect(sessionTooEarly.status).toBe(409); // diagnosis is open, not sessions
    // Concurrent diagnoses with the same version: exactly one is taken.
    const both = await Promise.all(
      [true, false].map((mediable) =>
        mediator.call(
          'POST',
          `${path}/diagnosis`,
          { mediable, respondentConsents: true, track: 'simple' },
          { 'If-Match': fresh },
        ),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 412]);
  });

  it('enters a walk-in case for a resident, with the mediator assigned', async () => {
    const mediator = staff(server, 'demo-mediator-gjqc');
    const response = await mediator.call('POST', '/api/staff/cases', sampleIntake(), {
      'Idempotency-Key': randomUUID(),
    });
    expect(response.status).toBe(201);
    const { caseNumber, trackingCode } = await response.json();
    expect(trackingCode).toMatch(/^[2-9A-Z]{8}$/);
    const file = await mediator.get(caseNumber);
    expect(file).toMatchObject({ stage: expect.any(String) });
    const outside = await staff(server, 'demo-mediator-zyc').call(
      'POST',
      '/api/staff/cases',
      sampleIntake(),
      { 'Idempotency-Key': randomUUID() },
    );
    expect(outside.status).toBe(403);
  });
});

describe('codes on paper', () => {
  it('re-issues a code for a party without a mobile (audited); the previous one stops working', async () => {
    const filed = await fileCase(
      server,
      sampleIntake({ respondent: { name: '某公司', phone: '0953-2012348' } }),
    );
    const mediator = staff(server, 'demo-mediator-gjqc');
    const path = `/api/staff/cases/${filed.caseNumber}/parties/respondent/tracking-code`;
    const issued = await mediator.call('POST', path, { reason: '被申请人无手机，打印告知书' });
    const first = await issued.json();
    expect([issued.status, first]).toEqual([
      200,
      { partyId: 'respondent', trackingCode: expect.any(String) },
    ]);
    expect(first.trackingCode).toMatch(/^[2-9A-Z]{8}$/);
    const respondent = { caseNumber: filed.caseNumber, trackingCode: first.trackingCode };
    expect((await (await asParty(server, respondent, 'GET')).json()).party.role).toBe('respondent');
    const second = await (
      await mediator.call('POST', path, { reason: '告知书遗失，重新打印' })
    ).json();
    expect(second.trackingCode).not.toBe(first.trackingCode);
    expect((await asParty(server, respondent, 'GET')).status).toBe(404);
    const view = await (
      await asParty(server, { ...respondent, trackingCode: second.trackingCode }, 'GET')
    ).json();
    expect(view.timeline.filter((e: { type: string }) => e.type === 'code_reissued')).toHaveLength(
      2,
    );
    expect(
      (await staff(server, 'demo-judge').call('POST', path, { reason: '法官不可补发' })).status,
    ).toBe(403);
  });
});

describe('lost codes', () => {
  it('sends a one-time code to a party’s mobile on file and trades it for that party’s code; anything else is 404', async () => {
    const filed = await fileCase(server);
    const recover = (path: string, body: unknown) =>
      fetch(`${server.url}/api/cases/${filed.caseNumber}/code-recovery${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    // A mobile not on the case gets the same answer, and no SMS.
    expect((await recover('', { phone: '13700009999' })).status).toBe(202);
    expect((await recover('', { phone: '+86 139-1234-5678' })).status).toBe(202);
    const sms = (await outbox(server)).find(
      (m) => m.purpose === 'case-code-recovery-otp' && m.text.includes(filed.caseNumber),
    );
    expect(sms?.recipient).toBe('139****5678');
    const otp = /验证码 (\d{6})/.exec(sms!.text)![1]!;
    expect((await recover('/verify', { phone: '13700009999', otp })).status).toBe(404);
    const ok = await recover('/verify', { phone: '13912345678', otp });
    expect(ok.status).toBe(200);
    const recovered = await ok.json();
    expect(recovered).toMatchObject({ caseNumber: filed.caseNumber, partyId: 'respondent' });
    expect((await asParty(server, recovered, 'GET')).status).toBe(200);
    // Used once.
    expect((await recover('/verify', { phone: '13912345678', otp })).status).toBe(404);
    // Three sends per 15 minutes.
    expect((await recover('', { phone: '13812345678' })).status).toBe(202);
    expect((await recover('', { phone: '13812345678' })).status).toBe(429);
  });
});

describe('from a consultation', () => {
  it('turns a booking into a case, its applicant taken from the booking', async () => {
    const to = new Date(Date.now() + 59 * 86_400_000).toISOString();
    const found = await fetch(
      `${server.url}/api/slots?servicePointId=wz-litong-gjq-gjqc-room&serviceId=mediation_request&to=${encodeURIComponent(to)}`,
    );
    const { slots } = (await found.json()) as { slots: { slotId: string; remaining: number }[] };
    const slot = slots.find((x) => x.remaining > 0)!;
    const booked = await post('/api/bookings', {
      slotId: slot.slotId,
      serviceId: 'mediation_request',
      mode: 'in_person',
      applicant: { name: '马文亮', phone: '13600001111' },
    });
    expect(booked.status).toBe(201);
    const { reference } = await booked.json();
    const { applicant: _none, ...withoutApplicant } = sampleIntake();
    const mediator = staff(server, 'demo-mediator-gjqc');
    const response = await mediator.call(
      'POST',
      '/api/staff/cases',
      { ...withoutApplicant, bookingReference: reference },
      { 'Idempotency-Key': randomUUID() },
    );
    expect(response.status).toBe(201);
    const { caseNumber } = await response.json();
    const file = await mediator.get(caseNumber);
    expect(file.parties[0]).toMatchObject({
      partyId: 'applicant',
      name: '马文亮',
      phone: '136****1111',
    });
    const neither = await mediator.call('POST', '/api/staff/cases', withoutApplicant, {
      'Idempotency-Key': randomUUID(),
    });
    expect(neither.status).toBe(400);
  });
});

describe('session reminders', () => {
  it('reminds every party before a session at the city’s lead times, and follows a moved session', async () => {
    const filed = await fileCase(server);
    await waitForStage(server, filed.caseNumber, 'triage');
    await moveClock(server, { advanceSeconds: 5 * 86_400 });
    await waitForStep(server, filed.caseNumber, 'Diagnosis');
    const mediator = staff(server, 'demo-mediator-gjqc');
    await mediator.act(filed.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: true,
      track: 'simple',
    });
    await waitForStep(server, filed.caseNumber, 'Session');
    const now = await clockNow(server);
    const startsAt = new Date(now.getTime() + 30 * 3_600_000).toISOString();
    const scheduled = await mediator.act(filed.caseNumber, 'sessions', {
      startsAt,
      durationMinutes: 90,
      mode: 'in_person',
      place: '郭家桥村调解室',
    });
    const sessionId = scheduled.sessions.at(-1)!.sessionId;
    const reminders = async () =>
      (await outbox(server)).filter(
        (m) => m.purpose === 'session-reminder' && m.text.includes(filed.caseNumber),
      );
    // Nothing is due yet; 24 h before, both parties get one.
    await runBookingReminders(server.clock);
    expect(await reminders()).toHaveLength(0);
    await moveClock(server, { advanceSeconds: 7 * 3600 });
    await runBookingReminders(server.clock);
    expect((await reminders()).map((m) => m.recipient).sort()).toEqual([
      '138****5678',
      '139****5678',
    ]);
    // Moved a day later: the 2-hour reminder of the old time never goes out; the new time's do.
    const later = new Date(new Date(startsAt).getTime() + 86_400_000).toISOString();
    await mediator.act(filed.caseNumber, `sessions/${sessionId}/reschedule`, {
      startsAt: later,
      durationMinutes: 90,
      mode: 'in_person',
      place: '郭家桥村调解室',
    });
    await moveClock(server, { advanceSeconds: 24 * 3600 });
    await runBookingReminders(server.clock);
    const sent = await reminders();
    expect(sent).toHaveLength(4);
    expect(
      sent.every(
        // The texts give business time (Asia/Shanghai): its date, not the UTC one.
        (m) =>
          m.text.includes(businessDate(new Date(later))) ||
          m.text.includes(businessDate(new Date(startsAt))),
      ),
    ).toBe(true);
  });
});

describe('attachments', () => {
  it('attaches uploaded files to the case once, and refuses them for a second case', async () => {
    const bytes = new Uint8Array(2048).fill(7);
    const declared = await post('/api/uploads', {
      fileName: '现场照片.png',
      contentType: 'image/png',
      size: bytes.length,
    });
    expect(declared.status).toBe(201);
    const upload = await declared.json();
    const put = await fetch(new URL(upload.uploadUrl, server.url), {
      method: 'PUT',
      headers: upload.headers,
      body: bytes,
    });
    expect(put.status).toBeLessThan(300);
    const filed = await fileCase(server, sampleIntake({ attachmentIds: [upload.uploadId] }));
    const file = await staff(server, 'demo-mediator-gjqc').get(filed.caseNumber);
    expect(JSON.stringify(file)).toContain('现场照片.png');
    const again = await post('/api/cases', sampleIntake({ attachmentIds: [upload.uploadId] }));
    expect(again.status).toBe(400);
    expect(JSON.stringify((await again.json()).error.details)).toContain('attachmentIds');
  });
});

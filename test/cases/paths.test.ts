// Every path of the mediation workflow, through the real API, the real ASL on the emulator, and the local clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asParty,
  codeSentTo,
  holdSession as holdSessionOf,
  moveClock,
  sampleIntake,
  signingOtp,
  staff,
  toDiagnosis as toDiagnosisOf,
  waitForClosed,
  waitForStage,
  waitForStep,
} from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
}, 60_000);
afterAll(() => server?.close());

const DAY = 86_400;
const mediator = () => staff(server, 'demo-mediator-gjqc');

const toDiagnosis = (body = sampleIntake()) => toDiagnosisOf(server, body);
const holdSession = (caseNumber: string, as = mediator()) => holdSessionOf(server, caseNumber, as);

describe('mediation paths', () => {
  it('simple agreement: diagnosis, one session, both parties sign online, no confirmation, follow-up performed', async () => {
    const applicant = await toDiagnosis();
    const respondent = await codeSentTo(server, applicant.caseNumber, '139****5678');
    const answered = await asParty(server, respondent, 'POST', '/response', { consent: true });
    expect(answered.status).toBe(200);

    const diagnosed = await mediator().act(applicant.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: true,
      track: 'simple',
    });
    expect(diagnosed.track).toBe('simple');
    await waitForStep(server, applicant.caseNumber, 'Session');
    const sessionId = await holdSession(applicant.caseNumber);
    await mediator().act(applicant.caseNumber, 'outcome', {
      sessionId,
      outcome: 'agreement',
      terms: ['张大山于 7 日内清理过道杂物', '双方今后共同维护过道通行'],
    });
    await waitForStep(server, applicant.caseNumber, 'Signing');

    for (const [party, phone] of [
      [applicant, '138****5678'],
      [respondent, '139****5678'],
    ] as const) {
      const sent = await asParty(server, party, 'POST', '/agreement/signature-code');
      expect(sent.status).toBe(202);
      const signed = await asParty(server, party, 'POST', '/agreement/signature', {
        otp: await signingOtp(server, phone),
      });
      expect(signed.status).toBe(200);
    }
    await waitForStep(server, applicant.caseNumber, 'ConfirmationWindow');
    // Nobody applies within 30 days: on to follow-up, which opens 90 days after the agreement.
    await moveClock(server, { advanceSeconds: 31 * DAY });
    await moveClock(server, { advanceSeconds: 62 * DAY });
    await waitForStep(server, applicant.caseNumber, 'FollowUp');
    await mediator().act(applicant.caseNumber, 'follow-up', { result: 'performed' });
    const closed = await waitForClosed(server, applicant.caseNumber);
    expect(closed.closureType).toBe('agreement_performed');

    const view = await (await asParty(server, applicant, 'GET')).json();
    expect(view.stage).toBe('closed');
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'filed',
        'triaged',
        'diagnosed',
        'agreement_recorded',
        'agreement_effective',
        'followed_up',
        'closed',
      ]),
    );
  });

  it('panel: two sessions, the second reaches an agreement signed in person, a panel member records it', async () => {
    const filed = await toDiagnosis(sampleIntake({ category: 'land_homestead' }));
    const triaged = await mediator().get(filed.caseNumber);
    expect(triaged.track).toBe('panel'); // triage's suggestion for a land dispute
    await mediator().act(filed.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: true,
      track: 'panel',
      panelKinds: ['judge', 'prosecutor', 'police_officer', 'legal_advisor', 'village_cadre'],
    });
    await waitForStep(server, filed.caseNumber, 'Session');
    const first = await holdSession(filed.caseNumber);
    await mediator().act(filed.caseNumber, 'outcome', {
      sessionId: first,
      outcome: 'another_session',
      minutes: '双方对宅基地界线分歧较大，约定补充测量后再议。',
    });
    await waitForStep(server, filed.caseNumber, 'Session');
    const second = await holdSession(filed.caseNumber);
    const advisor = staff(server, 'demo-legal-advisor');
    await advisor.act(filed.caseNumber, 'outcome', {
      sessionId: second,
      outcome: 'agreement',
      terms: ['以测量结果为准确定界线', '申请人补偿被申请人 2000 元'],
      signedInPerson: true,
    });
    await waitForStep(server, filed.caseNumber, 'ConfirmationWindow');
    const held = await mediator().get(filed.caseNumber);
    expect(held.sessions.map((x) => x.outcome)).toEqual(['another_session', 'agreement']);
    await moveClock(server, { advanceSeconds: 31 * DAY });
    await moveClock(server, { advanceSeconds: 62 * DAY });
    await waitForStep(server, filed.caseNumber, 'FollowUp');
    await mediator().act(filed.caseNumber, 'follow-up', { result: 'performed' });
    expect((await waitForClosed(server, filed.caseNumber)).closureType).toBe('agreement_performed');
  });

  it('escalation village → town → county → referral: each level diagnoses again; beyond the county the case is referred out', async () => {
    const filed = await toDiagnosis();
    await mediator().act(filed.caseNumber, 'escalate', { reason: '涉及跨村土地，村里无法调处' });
    await waitForStage(server, filed.caseNumber, 'triage');
    await moveClock(server, { advanceSeconds: 5 * DAY });
    const atTown = await waitForStep(server, filed.caseNumber, 'Diagnosis');
    expect(atTown).toMatchObject({ level: 'town', handlingRegionId: 'wz-litong-gjq' });
    // The village mediator no longer reaches it; the town's does.
    const village = await mediator().call('GET', `/api/staff/cases/${filed.caseNumber}`);
    expect(village.status).toBe(403);
    await staff(server, 'demo-mediator-gjq').act(filed.caseNumber, 'escalate', {
      reason: '需要区级协调',
    });
    await waitForStage(server, filed.caseNumber, 'triage');
    await moveClock(server, { advanceSeconds: 5 * DAY });
    const atCounty = await waitForStep(server, filed.caseNumber, 'Diagnosis');
    expect(atCounty).toMatchObject({ level: 'county', handlingRegionId: 'wz-litong' });
    await staff(server, 'demo-mediator-litong').act(filed.caseNumber, 'escalate', {
      reason: '区级调解无果',
    });
    const closed = await waitForClosed(server, filed.caseNumber);
    expect(closed.closureType).toBe('referred_litigation');
    const view = await (await asParty(server, filed, 'GET')).json();
    const types = view.timeline.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'escalated')).toHaveLength(2);
    expect(types).toContain('referred');
  });

  it('consent declined: the respondent declines online, the diagnosis records it, the case closes', async () => {
    const filed = await toDiagnosis();
    const respondent = await codeSentTo(server, filed.caseNumber, '139****5678');
    const declined = await asParty(server, respondent, 'POST', '/response', {
      consent: false,
      reason: '不愿意调解，准备起诉',
    });
    expect(declined.status).toBe(200);
    expect((await declined.json()).nextAction.kind).toBe('wait');
    // A second answer is not taken.
    expect((await asParty(server, respondent, 'POST', '/response', { consent: true })).status).toBe(
      409,
    );
    const file = await mediator().get(filed.caseNumber);
    expect(file.parties.find((p) => p.partyId === 'respondent')).toMatchObject({
      consent: { given: false },
    });
    await mediator().act(filed.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: false,
      track: 'simple',
    });
    expect((await waitForClosed(server, filed.caseNumber)).closureType).toBe('consent_declined');

    // Closed: each party may rate the service once.
    const view = await (await asParty(server, filed, 'GET')).json();
    expect(view.nextAction.kind).toBe('rate');
    const rate = (key: string) =>
      fetch(`${server.url}/api/cases/${filed.caseNumber}/rating`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Tracking-Code': filed.trackingCode,
          'Idempotency-Key': key,
        },
        body: JSON.stringify({ score: 4, comment: '调解员很耐心' }),
      });
    expect((await rate('rating-1')).status).toBe(201);
    expect((await rate('rating-1')).headers.get('Idempotent-Replayed')).toBe('true');
    expect((await rate('rating-2')).status).toBe(409);
    const rated = await (await asParty(server, filed, 'GET')).json();
    expect(rated.nextAction.kind).toBe('none');
    expect(rated.timeline.at(-1).type).toBe('rated');
  });

  it('agreement → joint application → the judge confirms → follow-up finds it not performed', async () => {
    const applicant = await toDiagnosis(sampleIntake({ category: 'contract_loan' }));
    const respondent = await codeSentTo(server, applicant.caseNumber, '139****5678');
    await mediator().act(applicant.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: true,
      track: 'simple',
    });
    await waitForStep(server, applicant.caseNumber, 'Session');
    const sessionId = await holdSession(applicant.caseNumber);
    await mediator().act(applicant.caseNumber, 'outcome', {
      sessionId,
      outcome: 'agreement',
      terms: ['被申请人于 2027 年 3 月 31 日前归还借款 5 万元'],
      signedInPerson: true,
    });
    await waitForStep(server, applicant.caseNumber, 'ConfirmationWindow');
    const one = await asParty(server, applicant, 'POST', '/judicial-confirmation', { apply: true });
    expect((await one.json()).nextAction.kind).toBe('wait');
    await asParty(server, respondent, 'POST', '/judicial-confirmation', { apply: true });
    await waitForStep(server, applicant.caseNumber, 'JudicialReview');
    // Only a judge decides.
    const byMediator = await mediator().call(
      'POST',
      `/api/staff/cases/${applicant.caseNumber}/judicial-decision`,
      {
        decision: 'confirmed',
        reasons: '—',
      },
      { 'If-Match': `"${(await mediator().get(applicant.caseNumber)).version}"` },
    );
    expect(byMediator.status).toBe(403);
    await staff(server, 'demo-judge').act(applicant.caseNumber, 'judicial-decision', {
      decision: 'confirmed',
      reasons: '协议系双方自愿达成，内容不违反法律规定。',
    });
    await waitForStage(server, applicant.caseNumber, 'follow_up');
    const decision = await asParty(server, applicant, 'GET', '/documents/confirmation');
    expect(decision.status).toBe(200);
    expect(await decision.text()).toContain('调解协议有效');
    const agreement = await (
      await asParty(server, respondent, 'GET', '/documents/agreement')
    ).text();
    expect(agreement).toContain('被申请人于 2027 年 3 月 31 日前归还借款 5 万元');
    await moveClock(server, { advanceSeconds: 95 * DAY });
    await waitForStep(server, applicant.caseNumber, 'FollowUp');
    await mediator().act(applicant.caseNumber, 'follow-up', {
      result: 'not_performed',
      notes: '仅归还 1 万元',
    });
    expect((await waitForClosed(server, applicant.caseNumber)).closureType).toBe(
      'agreement_not_performed',
    );
  });

  it('a lapsed diagnosis deadline sends a supervision notice and marks the case overdue; the step can still be completed', async () => {
    const filed = await toDiagnosis();
    const open = await waitForStep(server, filed.caseNumber, 'Diagnosis');
    await moveClock(server, {
      to: new Date(new Date(open.openStep!.dueAt).getTime() + 60_000).toISOString(),
    });
    const late = await waitForStep(server, filed.caseNumber, 'DiagnosisLate');
    expect(late.status).toBe('overdue');
    const view = await (await asParty(server, filed, 'GET')).json();
    expect(view.status).toBe('overdue');
    expect(view.timeline.map((e: { type: string }) => e.type)).toContain('supervision');
    await mediator().act(filed.caseNumber, 'diagnosis', {
      mediable: true,
      respondentConsents: true,
      track: 'simple',
    });
    const session = await waitForStep(server, filed.caseNumber, 'Session');
    expect(session.status).toBe('open');
    expect(session.level).toBe('village');
  });

  it('a diagnosis left undone past the grace period escalates the case one level', async () => {
    const filed = await toDiagnosis();
    const open = await waitForStep(server, filed.caseNumber, 'Diagnosis');
    await moveClock(server, {
      to: new Date(new Date(open.openStep!.dueAt).getTime() + 60_000).toISOString(),
    });
    const late = await waitForStep(server, filed.caseNumber, 'DiagnosisLate');
    await moveClock(server, {
      to: new Date(new Date(late.openStep!.dueAt).getTime() + 60_000).toISOString(),
    });
    const escalated = await waitForStage(server, filed.caseNumber, 'triage');
    expect(escalated).toMatchObject({
      level: 'town',
      handlingRegionId: 'wz-litong-gjq',
      status: 'open',
    });
    const view = await (await asParty(server, filed, 'GET')).json();
    const escalation = view.timeline.find((e: { type: string }) => e.type === 'escalated');
    expect(escalation.text).toContain('超期未办');
  });
});

// The mediation paths of test/cases/paths.test.ts as drivers (through the API, as residents and staff act), each to the case's close: the bench counts what each costs.
import {
  asParty,
  codeSentTo,
  type Filed,
  holdSession,
  moveClock,
  type Site,
  sampleIntake,
  signingOtp,
  staff,
  toDiagnosis,
  waitForClosed,
  waitForStage,
  waitForStep,
} from './cases.ts';

const DAY = 86_400;

export interface DrivenCase {
  caseNumber: string;
  closureType: string | null;
}

export interface CasePath {
  /** What happens to the case, filing to close. */
  name: string;
  /** Drives one case along the path; resolves once the case is closed. */
  drive(site: Site): Promise<DrivenCase>;
}

const mediator = (site: Site) => staff(site, 'demo-mediator-gjqc');

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`path went astray: ${what}`);
}

async function closed(site: Site, caseNumber: string, closureType: string): Promise<DrivenCase> {
  const done = await waitForClosed(site, caseNumber);
  check(done.closureType === closureType, `${caseNumber} closed as ${done.closureType}`);
  return { caseNumber, closureType: done.closureType };
}

/**
 * From the open diagnosis (mediable, consent) to the close: one session, an agreement both
 * parties sign online with SMS codes, nobody applies for judicial confirmation within 30 days,
 * the follow-up 90 days on finds it performed.
 */
async function simpleFromDiagnosis(site: Site, applicant: Filed): Promise<DrivenCase> {
  const { caseNumber } = applicant;
  const respondent = await codeSentTo(site, caseNumber, '139****5678');
  await mediator(site).act(caseNumber, 'diagnosis', {
    mediable: true,
    respondentConsents: true,
    track: 'simple',
  });
  await waitForStep(site, caseNumber, 'Session');
  const sessionId = await holdSession(site, caseNumber);
  await mediator(site).act(caseNumber, 'outcome', {
    sessionId,
    outcome: 'agreement',
    terms: ['张大山于 7 日内清理过道杂物', '双方今后共同维护过道通行'],
  });
  await waitForStep(site, caseNumber, 'Signing');
  for (const [party, phone] of [
    [applicant, '138****5678'],
    [respondent, '139****5678'],
  ] as const) {
    const sent = await asParty(site, party, 'POST', '/agreement/signature-code');
    check(sent.status === 202, `signature code answered ${sent.status}`);
    const signed = await asParty(site, party, 'POST', '/agreement/signature', {
      otp: await signingOtp(site, phone),
    });
    check(signed.status === 200, `signature answered ${signed.status}`);
  }
  await waitForStep(site, caseNumber, 'ConfirmationWindow');
  await moveClock(site, { advanceSeconds: 31 * DAY });
  await moveClock(site, { advanceSeconds: 62 * DAY });
  await waitForStep(site, caseNumber, 'FollowUp');
  await mediator(site).act(caseNumber, 'follow-up', { result: 'performed' });
  return closed(site, caseNumber, 'agreement_performed');
}

/** Lets the open 问诊 lapse: its due time passes (supervision), then optionally its grace period. */
async function lapseDiagnosis(site: Site, caseNumber: string) {
  const open = await waitForStep(site, caseNumber, 'Diagnosis');
  await moveClock(site, {
    to: new Date(new Date(open.openStep!.dueAt).getTime() + 60_000).toISOString(),
  });
  const late = await waitForStep(site, caseNumber, 'DiagnosisLate');
  check(late.status === 'overdue', `${caseNumber} is ${late.status}, not overdue`);
  return late;
}

/** The paths of test/cases/paths.test.ts, in its order; the last two go on to the case's close. */
export const casePaths: readonly CasePath[] = [
  {
    name: 'simple agreement: signed online, no confirmation, follow-up performed',
    async drive(site) {
      const applicant = await toDiagnosis(site);
      const respondent = await codeSentTo(site, applicant.caseNumber, '139****5678');
      const answered = await asParty(site, respondent, 'POST', '/response', { consent: true });
      check(answered.status === 200, `response answered ${answered.status}`);
      return simpleFromDiagnosis(site, applicant);
    },
  },
  {
    name: 'panel: two sessions, agreement signed in person, no confirmation, follow-up performed',
    async drive(site) {
      const { caseNumber } = await toDiagnosis(site, sampleIntake({ category: 'land_homestead' }));
      await mediator(site).act(caseNumber, 'diagnosis', {
        mediable: true,
        respondentConsents: true,
        track: 'panel',
        panelKinds: ['judge', 'prosecutor', 'police_officer', 'legal_advisor', 'village_cadre'],
      });
      await waitForStep(site, caseNumber, 'Session');
      const first = await holdSession(site, caseNumber);
      await mediator(site).act(caseNumber, 'outcome', {
        sessionId: first,
        outcome: 'another_session',
        minutes: '双方对宅基地界线分歧较大，约定补充测量后再议。',
      });
      await waitForStep(site, caseNumber, 'Session');
      const second = await holdSession(site, caseNumber);
      await staff(site, 'demo-legal-advisor').act(caseNumber, 'outcome', {
        sessionId: second,
        outcome: 'agreement',
        terms: ['以测量结果为准确定界线', '申请人补偿被申请人 2000 元'],
        signedInPerson: true,
      });
      await waitForStep(site, caseNumber, 'ConfirmationWindow');
      await moveClock(site, { advanceSeconds: 31 * DAY });
      await moveClock(site, { advanceSeconds: 62 * DAY });
      await waitForStep(site, caseNumber, 'FollowUp');
      await mediator(site).act(caseNumber, 'follow-up', { result: 'performed' });
      return closed(site, caseNumber, 'agreement_performed');
    },
  },
  {
    name: 'escalation village → town → county (staff), then referral beyond the county',
    async drive(site) {
      const { caseNumber } = await toDiagnosis(site);
      await mediator(site).act(caseNumber, 'escalate', { reason: '涉及跨村土地，村里无法调处' });
      await waitForStage(site, caseNumber, 'triage');
      await moveClock(site, { advanceSeconds: 5 * DAY });
      const atTown = await waitForStep(site, caseNumber, 'Diagnosis');
      check(atTown.level === 'town', `escalated to ${atTown.level}`);
      await staff(site, 'demo-mediator-gjq').act(caseNumber, 'escalate', {
        reason: '需要区级协调',
      });
      await waitForStage(site, caseNumber, 'triage');
      await moveClock(site, { advanceSeconds: 5 * DAY });
      const atCounty = await waitForStep(site, caseNumber, 'Diagnosis');
      check(atCounty.level === 'county', `escalated to ${atCounty.level}`);
      await staff(site, 'demo-mediator-litong').act(caseNumber, 'escalate', {
        reason: '区级调解无果',
      });
      return closed(site, caseNumber, 'referred_litigation');
    },
  },
  {
    name: 'consent declined: the respondent declines online, the diagnosis records it',
    async drive(site) {
      const filed = await toDiagnosis(site);
      const respondent = await codeSentTo(site, filed.caseNumber, '139****5678');
      const declined = await asParty(site, respondent, 'POST', '/response', {
        consent: false,
        reason: '不愿意调解，准备起诉',
      });
      check(declined.status === 200, `response answered ${declined.status}`);
      await mediator(site).act(filed.caseNumber, 'diagnosis', {
        mediable: true,
        respondentConsents: false,
        track: 'simple',
      });
      return closed(site, filed.caseNumber, 'consent_declined');
    },
  },
  {
    name: 'agreement → joint application → judge confirms → follow-up: not performed',
    async drive(site) {
      const applicant = await toDiagnosis(site, sampleIntake({ category: 'contract_loan' }));
      const { caseNumber } = applicant;
      const respondent = await codeSentTo(site, caseNumber, '139****5678');
      await mediator(site).act(caseNumber, 'diagnosis', {
        mediable: true,
        respondentConsents: true,
        track: 'simple',
      });
      await waitForStep(site, caseNumber, 'Session');
      const sessionId = await holdSession(site, caseNumber);
      await mediator(site).act(caseNumber, 'outcome', {
        sessionId,
        outcome: 'agreement',
        terms: ['被申请人于 2027 年 3 月 31 日前归还借款 5 万元'],
        signedInPerson: true,
      });
      await waitForStep(site, caseNumber, 'ConfirmationWindow');
      for (const party of [applicant, respondent]) {
        const applied = await asParty(site, party, 'POST', '/judicial-confirmation', {
          apply: true,
        });
        check(applied.status === 200, `application answered ${applied.status}`);
      }
      await waitForStep(site, caseNumber, 'JudicialReview');
      await staff(site, 'demo-judge').act(caseNumber, 'judicial-decision', {
        decision: 'confirmed',
        reasons: '协议系双方自愿达成，内容不违反法律规定。',
      });
      await waitForStage(site, caseNumber, 'follow_up');
      await moveClock(site, { advanceSeconds: 95 * DAY });
      await waitForStep(site, caseNumber, 'FollowUp');
      await mediator(site).act(caseNumber, 'follow-up', {
        result: 'not_performed',
        notes: '仅归还 1 万元',
      });
      return closed(site, caseNumber, 'agreement_not_performed');
    },
  },
  {
    name: 'lapsed diagnosis deadline → supervision, diagnosis done late, then as the simple agreement',
    async drive(site) {
      const applicant = await toDiagnosis(site);
      await lapseDiagnosis(site, applicant.caseNumber);
      return simpleFromDiagnosis(site, applicant);
    },
  },
  {
    name: 'diagnosis left undone → supervision → escalation to the town, where consent is declined',
    async drive(site) {
      const { caseNumber } = await toDiagnosis(site);
      const late = await lapseDiagnosis(site, caseNumber);
      await moveClock(site, {
        to: new Date(new Date(late.openStep!.dueAt).getTime() + 60_000).toISOString(),
      });
      const escalated = await waitForStage(site, caseNumber, 'triage');
      check(escalated.level === 'town', `escalated to ${escalated.level}`);
      await moveClock(site, { advanceSeconds: 5 * DAY });
      await waitForStep(site, caseNumber, 'Diagnosis');
      await staff(site, 'demo-mediator-gjq').act(caseNumber, 'diagnosis', {
        mediable: true,
        respondentConsents: false,
        track: 'panel',
      });
      return closed(site, caseNumber, 'consent_declined');
    },
  },
];

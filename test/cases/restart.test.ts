// Cases waiting at every kind of step survive a SIGKILL of the whole `npm start`, then each one continues and closes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import {
  asParty,
  clockNow,
  codeSentTo,
  type Filed,
  fileCase,
  moveClock,
  type Site,
  sampleIntake,
  signingOtp,
  staff,
  waitForClosed,
  waitForStage,
  waitForStep,
} from '../support/cases.ts';
import {
  cleanup,
  npmStart,
  type Product,
  pidOf,
  waitGone,
  waitHealthy,
} from '../support/product.ts';

let product: Product;
let site: Site;
beforeAll(async () => {
  product = {
    dataDir: mkdtempSync(join(tmpdir(), 'fengqiao-cases-restart-')),
    port: await freePort(),
    started: [],
  };
  const url = `http://127.0.0.1:${product.port}`;
  site = {
    url,
    identity: {
      // A demo staff member's ID token from the product's dev OIDC issuer, as a developer gets one.
      async signIdToken(subject) {
        const response = await fetch(`${url}/dev/oidc/dev-token`, {
          method: 'POST',
          body: new URLSearchParams({ subject }),
        });
        return ((await response.json()) as { id_token: string }).id_token;
      },
    },
  };
});
afterAll(() => cleanup(product));

const DAY = 86_400;
const mediator = () => staff(site, 'demo-mediator-gjqc');
const judge = () => staff(site, 'demo-judge');
const APPLICANT_PHONE = '138****5678';
const RESPONDENT_PHONE = '139****5678';

async function scheduleAndHold(caseNumber: string) {
  const startsAt = new Date((await clockNow(site)).getTime() + 3_600_000).toISOString();
  const scheduled = await mediator().act(caseNumber, 'sessions', {
    startsAt,
    durationMinutes: 60,
    mode: 'video',
  });
  await moveClock(site, { advanceSeconds: 2 * 3600 });
  return scheduled.sessions.at(-1)!.sessionId;
}

async function diagnose(caseNumber: string, mediable = true) {
  await mediator().act(caseNumber, 'diagnosis', {
    mediable,
    respondentConsents: true,
    track: 'simple',
  });
}

async function agreeInPerson(caseNumber: string) {
  await diagnose(caseNumber);
  await waitForStep(site, caseNumber, 'Session');
  const sessionId = await scheduleAndHold(caseNumber);
  await mediator().act(caseNumber, 'outcome', {
    sessionId,
    outcome: 'agreement',
    terms: ['双方按约定履行'],
    signedInPerson: true,
  });
  await waitForStep(site, caseNumber, 'ConfirmationWindow');
}

async function applyJointly(applicant: Filed) {
  const respondent = await codeSentTo(site, applicant.caseNumber, RESPONDENT_PHONE);
  for (const party of [applicant, respondent])
    expect(
      (await asParty(site, party, 'POST', '/judicial-confirmation', { apply: true })).status,
    ).toBe(200);
  await waitForStep(site, applicant.caseNumber, 'JudicialReview');
}

async function confirm(caseNumber: string) {
  await judge().act(caseNumber, 'judicial-decision', {
    decision: 'confirmed',
    reasons: '符合确认条件',
  });
  await waitForStage(site, caseNumber, 'follow_up');
}

async function signBoth(applicant: Filed) {
  const respondent = await codeSentTo(site, applicant.caseNumber, RESPONDENT_PHONE);
  for (const [party, phone] of [
    [applicant, APPLICANT_PHONE],
    [respondent, RESPONDENT_PHONE],
  ] as const) {
    expect((await asParty(site, party, 'POST', '/agreement/signature-code')).status).toBe(202);
    const signed = await asParty(site, party, 'POST', '/agreement/signature', {
      otp: await signingOtp(site, phone),
    });
    expect(signed.status).toBe(200);
  }
  await waitForStep(site, applicant.caseNumber, 'ConfirmationWindow');
}

it('parks cases at every kind of step, survives a SIGKILL of everything, and closes each one afterwards', async () => {
  const first = npmStart(product);
  await waitHealthy(product, first, 90_000);

  // 问诊 overdue: filed first, its deadline passed, inside its grace period.
  const late = await fileCase(site);
  await waitForStage(site, late.caseNumber, 'triage');
  await moveClock(site, { advanceSeconds: 5 * DAY });
  const lateOpen = await waitForStep(site, late.caseNumber, 'Diagnosis');
  await moveClock(site, {
    to: new Date(new Date(lateOpen.openStep!.dueAt).getTime() + 60_000).toISOString(),
  });
  await waitForStep(site, late.caseNumber, 'DiagnosisLate');

  // The others are filed together and reach 问诊 on the next working day.
  const [diagnosis, session, signing, window, review, followUp] = await Promise.all(
    Array.from({ length: 6 }, () => fileCase(site, sampleIntake())),
  );
  const batch = [diagnosis!, session!, signing!, window!, review!, followUp!];
  for (const c of batch) await waitForStage(site, c.caseNumber, 'triage');
  const opens = new Date((await clockNow(site)).getTime() + DAY * 1000);
  // 09:00 next business day at the latest within a week; step until all are at Diagnosis.
  for (let day = 0; day < 7; day++) {
    const states = await Promise.all(batch.map((c) => mediator().get(c.caseNumber)));
    if (states.every((s) => s.openStep?.state === 'Diagnosis')) break;
    await moveClock(site, { to: new Date(opens.getTime() + day * DAY * 1000).toISOString() });
  }
  for (const c of batch) await waitForStep(site, c.caseNumber, 'Diagnosis');
  await waitForStep(site, late.caseNumber, 'DiagnosisLate');

  await diagnose(session!.caseNumber);
  await waitForStep(site, session!.caseNumber, 'Session');

  await diagnose(signing!.caseNumber);
  await waitForStep(site, signing!.caseNumber, 'Session');
  const signingSession = await scheduleAndHold(signing!.caseNumber);
  await mediator().act(signing!.caseNumber, 'outcome', {
    sessionId: signingSession,
    outcome: 'agreement',
    terms: ['被申请人赔偿 800 元'],
  });
  await waitForStep(site, signing!.caseNumber, 'Signing');

  await agreeInPerson(window!.caseNumber);
  await agreeInPerson(review!.caseNumber);
  await applyJointly(review!);
  await agreeInPerson(followUp!.caseNumber);
  await applyJointly(followUp!);
  await confirm(followUp!.caseNumber);

  // Filed last: waits for 问诊 to open (a Wait state).
  const waiting = await fileCase(site);
  await waitForStage(site, waiting.caseNumber, 'triage');

  const parked = {
    OpenDiagnosis: waiting,
    Diagnosis: diagnosis!,
    DiagnosisLate: late,
    Session: session!,
    Signing: signing!,
    ConfirmationWindow: window!,
    JudicialReview: review!,
    FollowUpWait: followUp!,
  };
  for (const [state, c] of Object.entries(parked)) {
    const file = await mediator().get(c.caseNumber);
    const at =
      state === 'OpenDiagnosis'
        ? file.stage
        : state === 'FollowUpWait'
          ? file.stage
          : file.openStep?.state;
    expect([state, at]).toEqual([
      state,
      state === 'OpenDiagnosis' ? 'triage' : state === 'FollowUpWait' ? 'follow_up' : state,
    ]);
  }

  // SIGKILL everything: the server (with the workflow emulator in it) and DynamoDB Local.
  const server = pidOf(product, 'server');
  const database = pidOf(product, 'dynamodb-local');
  process.kill(server, 'SIGKILL');
  process.kill(database, 'SIGKILL');
  first.child.kill('SIGKILL');
  expect(await waitGone(server)).toBe(true);
  expect(await waitGone(database)).toBe(true);

  const second = npmStart(product);
  await waitHealthy(product, second, 90_000);
  expect(second.output()).toMatch(/Resumed \d+ running workflow execution/);

  // Each case goes on from where it waited.
  await diagnose(late.caseNumber, false);
  await diagnose(diagnosis!.caseNumber, false);
  const heldSession = await scheduleAndHold(session!.caseNumber);
  await mediator().act(session!.caseNumber, 'outcome', {
    sessionId: heldSession,
    outcome: 'no_agreement',
  });
  await signBoth(signing!);
  await applyJointly(window!);
  await confirm(review!.caseNumber);
  await moveClock(site, { advanceSeconds: 5 * DAY });
  await waitForStep(site, waiting.caseNumber, 'Diagnosis');
  await diagnose(waiting.caseNumber, false);
  await applyJointly(signing!);
  await confirm(signing!.caseNumber);
  await confirm(window!.caseNumber);
  await moveClock(site, { advanceSeconds: 100 * DAY });
  for (const c of [signing!, window!, review!, followUp!]) {
    // Opened days ago by the jump: due or already overdue (督办), either way still 复诊.
    await waitForStep(site, c.caseNumber, ['FollowUp', 'FollowUpLate']);
    await mediator().act(c.caseNumber, 'follow-up', { result: 'performed' });
  }

  const closed = await Promise.all(
    Object.values(parked).map((c) => waitForClosed(site, c.caseNumber)),
  );
  expect(closed.map((c) => c.closureType)).toEqual([
    'not_mediable',
    'not_mediable',
    'not_mediable',
    'no_agreement',
    'agreement_performed',
    'agreement_performed',
    'agreement_performed',
    'agreement_performed',
  ]);
}, 300_000);

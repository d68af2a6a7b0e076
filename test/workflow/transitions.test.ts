// What a case costs on Step Functions Standard: the states each mediation path enters, pinned (docs/workflow.md, "Cost per case"; `npm run bench` prints the same).
import { type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { casePaths } from '../support/case-paths.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { historyOf } from '../support/workflow.ts';

let server: TestServer;
let sfn: SFNClient;
beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
  sfn = new SFNClient({
    endpoint: server.workflow!.endpoint,
    region: 'cn-northwest-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}, 60_000);
afterAll(async () => {
  sfn?.destroy();
  await server?.close();
});

const start = ['Resume', 'Triage', 'OpenDiagnosis', 'Diagnosis', 'Diagnosed'];
const session = ['PlanSession', 'Session', 'SessionHeld'];
const signedOnline = ['PlanSigning', 'Signing'];
const window = ['PlanConfirmationWindow', 'ConfirmationWindow'];
const followUp = ['PlanFollowUp', 'FollowUpWait', 'FollowUp'];
const close = ['Close', 'Closed'];
const escalation = ['Escalate', 'Escalated', 'OpenDiagnosis', 'Diagnosis', 'Diagnosed'];
const lapse = ['DiagnosisOverdue', 'DiagnosisLate'];

/** Every state each path's case enters, filing to close, in the order of casePaths. */
const expected: string[][] = [
  [...start, ...session, ...signedOnline, ...window, ...followUp, ...close],
  [...start, ...session, ...session, ...window, ...followUp, ...close],
  [...start, ...escalation, ...escalation, 'Escalate', 'Escalated', ...close],
  [...start, ...close],
  [...start, ...session, ...window, 'PlanJudicialReview', 'JudicialReview', ...followUp, ...close],
  [
    ...start.slice(0, 4),
    ...lapse,
    'Diagnosed',
    ...session,
    ...signedOnline,
    ...window,
    ...followUp,
    ...close,
  ],
  [
    ...start.slice(0, 4),
    ...lapse,
    'EscalateLapsed',
    'Escalated',
    'OpenDiagnosis',
    'Diagnosis',
    'Diagnosed',
    ...close,
  ],
];

it.each(casePaths.map((path, i) => [path.name, i] as const))(
  '%s',
  async (_name, i) => {
    const driven = await casePaths[i]!.drive(server);
    const arn = `${server.workflow!.stateMachineArns.mediation!.replace(':stateMachine:', ':execution:')}:${driven.caseNumber}`;
    let history: HistoryEvent[] = [];
    for (let tries = 0; history.at(-1)?.type !== 'ExecutionSucceeded' && tries < 200; tries++) {
      history = await historyOf(sfn, arn);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
    // Standard workflows bill one state transition per state entered (a retry would be one more).
    const entered = history.filter((e) => e.type?.endsWith('StateEntered'));
    expect(entered.map((e) => e.stateEnteredEventDetails!.name)).toEqual(expected[i]);
  },
  60_000,
);

it('pins the transitions of every path, as docs/workflow.md lists them', () => {
  expect(expected.map((states) => states.length)).toEqual([17, 18, 19, 7, 17, 19, 13]);
});

// An answer recorded but not delivered (the engine unreachable at that moment) reaches the workflow later: on the next staff GET.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CaseWorkflow } from '../../functions/adapters/case-workflow.port.ts';
import { dynamoCaseStore } from '../../functions/adapters/dynamo/case-store.ts';
import { dynamoCityStore } from '../../functions/adapters/dynamo/city-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { stepFunctionsCaseWorkflow } from '../../functions/adapters/sfn/case-workflow.ts';
import { identityFromEnvironment } from '../../functions/api/identity-environment.ts';
import { recordDiagnosis } from '../../functions/use-cases/case-actions.ts';
import type { CaseDeps } from '../../functions/use-cases/case-parties.ts';
import { fileCase, moveClock, staff, waitForStage, waitForStep } from '../support/cases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('wuzhong', { workflow: true });
}, 60_000);
afterAll(() => server?.close());

it('keeps a diagnosis whose delivery failed, and delivers it on the next staff GET of the case', async () => {
  const filed = await fileCase(server);
  await waitForStage(server, filed.caseNumber, 'triage');
  await moveClock(server, { advanceSeconds: 5 * 86_400 });
  const open = await waitForStep(server, filed.caseNumber, 'Diagnosis');

  // The same use case the route runs, with the engine unreachable for this one call.
  const table = createTable(server.tableName);
  const identity = identityFromEnvironment({ cityId: 'wuzhong', table, clock: server.clock });
  const real = stepFunctionsCaseWorkflow(process.env.STATE_MACHINE_ARN!);
  const unreachable: CaseWorkflow = {
    start: real.start,
    complete: () => Promise.reject(new Error('connect ECONNREFUSED')),
  };
  const reported: string[] = [];
  const deps: CaseDeps = {
    cityId: 'wuzhong',
    cities: dynamoCityStore(table),
    cases: dynamoCaseStore(table, 'wuzhong'),
    codec: identity.codec!,
    notifier: identity.notifier,
    workflow: unreachable,
    clock: server.clock,
    cityName: identity.cityName,
    reportError: (what) => reported.push(what),
  };
  const actor = {
    role: 'mediator' as const,
    id: 'test#mediator',
    name: '马永福',
    rosterMemberId: 'wz-ma-yongfu',
  };
  await recordDiagnosis(deps, filed.caseNumber, actor, open.version, {
    mediable: true,
    respondentConsents: true,
    track: 'simple',
  });
  expect(reported).toEqual(['delivering a step answer failed']);

  // Recorded, not delivered: the workflow still waits at Diagnosis.
  await new Promise((r) => setTimeout(r, 300));
  const stored = await dynamoCaseStore(table, 'wuzhong').get(filed.caseNumber);
  expect(stored?.openStep).toMatchObject({ state: 'Diagnosis', answer: { decision: 'mediate' } });

  // A staff member opens the case: the answer goes through and the case moves on.
  await staff(server, 'demo-mediator-gjqc').get(filed.caseNumber);
  const session = await waitForStep(server, filed.caseNumber, 'Session');
  expect(session.stage).toBe('sessions');
});

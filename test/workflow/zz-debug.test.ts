import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, it } from 'vitest';
import { historyOf, startTestWorkflow, type TestWorkflow } from '../support/workflow.ts';
let wf: TestWorkflow;
beforeAll(async () => { wf = await startTestWorkflow({ quick: 'test/workflow/fixtures/quick-callback.asl.json' }); });
afterAll(async () => { await wf?.close(); });
it('dbg', async () => {
  const caseId = await wf.fileCase();
  const { executionArn } = await wf.client.send(new StartExecutionCommand({ stateMachineArn: wf.emulator.stateMachineArns.quick, input: JSON.stringify({ caseId }) }));
  await new Promise((r) => setTimeout(r, 3000));
  console.log(JSON.stringify((await historyOf(wf.client, executionArn!)).filter(e=>e.type==='TaskFailed'), null, 1));
});

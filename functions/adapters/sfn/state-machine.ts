// Step Functions adapter: reaches the workflow engine (AWS, or the local emulator through AWS_ENDPOINT_URL_SFN).
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';

/** Health probe: the state machine exists and the engine answers (the same call on both runtimes). */
export async function describeStateMachine(
  stateMachineArn: string,
  client: SFNClient = new SFNClient({}),
): Promise<void> {
  const out = await client.send(new DescribeStateMachineCommand({ stateMachineArn }));
  if (out.status !== 'ACTIVE') throw new Error(`state machine ${stateMachineArn} is ${out.status}`);
}

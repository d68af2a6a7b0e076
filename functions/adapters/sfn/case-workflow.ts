// Step Functions adapter of the case workflow: StartExecution named after the case, SendTaskSuccess for human steps.
import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { CaseWorkflow } from '../case-workflow.port.ts';

export function stepFunctionsCaseWorkflow(
  stateMachineArn: string,
  given?: SFNClient,
): CaseWorkflow {
  // Built on first use: locally the emulator's endpoint (AWS_ENDPOINT_URL_SFN) is known only once it listens.
  let built: SFNClient | undefined;
  const sfn = () => {
    built ??= given ?? new SFNClient({});
    return built;
  };
  return {
    async start(caseNumber, input) {
      try {
        await sfn().send(
          new StartExecutionCommand({
            stateMachineArn,
            name: caseNumber,
            input: JSON.stringify(input),
          }),
        );
      } catch (error) {
        // Started already (a retried intake): the same name with another input is still this case.
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
    async complete(token, answer) {
      try {
        await sfn().send(
          new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(answer) }),
        );
        return 'delivered';
      } catch (error) {
        if (
          error instanceof TaskTimedOut ||
          error instanceof TaskDoesNotExist ||
          error instanceof InvalidToken
        )
          return 'gone';
        throw error;
      }
    },
  };
}

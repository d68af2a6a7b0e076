// Bench rows for the local workflow engine: state transitions per second, SendTaskSuccess → next task running.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { fileClock } from '#local/file-clock.ts';
import { startSfnEmulator } from '#local/sfn/sfn-emulator.ts';

export interface WorkflowRow {
  name: string;
  requests: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
}

const EXECUTIONS = Number(process.env.BENCH_WORKFLOW_EXECUTIONS ?? 20);
const CALLBACKS = Number(process.env.BENCH_WORKFLOW_CALLBACKS ?? 40);

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 100) / 100;
}

async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const out = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return out.events ?? [];
}

async function until<T>(probe: () => Promise<T | undefined>, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('bench: the workflow did not get there in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Runs on the bench's DynamoDB Local; the app table (TABLE_NAME) must hold the seeded city. */
export async function workflowRows(region: string, partition: string) {
  const emulator = await startSfnEmulator({
    cityId: 'wuzhong',
    partition,
    region,
    clock: fileClock(mkdtempSync(join(tmpdir(), 'fengqiao-bench-wf-'))),
    tableName: 'bench-wuzhong-sfn-local',
    workflows: {
      transitions: 'bench/workflows/transitions.asl.json',
      callback: 'bench/workflows/callback.asl.json',
    },
  });
  const client = new SFNClient({
    endpoint: emulator.endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    // 1. Transitions: EXECUTIONS loops of Pass + Choice at once, until each has SUCCEEDED.
    const t0 = performance.now();
    const durations: number[] = [];
    const arns = await Promise.all(
      Array.from({ length: EXECUTIONS }, async () => {
        const started = performance.now();
        const { executionArn } = await client.send(
          new StartExecutionCommand({
            stateMachineArn: emulator.stateMachineArns.transitions,
            input: '{}',
          }),
        );
        await until(async () => {
          const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
          if (status === 'RUNNING') return undefined;
          if (status !== 'SUCCEEDED') throw new Error(`bench execution ${status}`);
          return status;
        });
        durations.push(performance.now() - started);
        return executionArn!;
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    let transitions = 0;
    for (const arn of arns) {
      transitions += (await history(client, arn)).filter((e) =>
        e.type?.endsWith('StateEntered'),
      ).length;
    }
    durations.sort((a, b) => a - b);
    const transitionsRow: WorkflowRow = {
      name: `workflow: state transitions (${EXECUTIONS} executions at once, history in DynamoDB)`,
      requests: transitions,
      concurrency: EXECUTIONS,
      p50Ms: percentile(durations, 50),
      p99Ms: percentile(durations, 99),
      perSecond: Math.round(transitions / elapsed),
    };

    // 2. SendTaskSuccess → the next state's task running (its TaskStarted event), one at a time.
    const latencies: number[] = [];
    const c0 = performance.now();
    for (let i = 0; i < CALLBACKS; i++) {
      const { executionArn } = await client.send(
        new StartExecutionCommand({
          stateMachineArn: emulator.stateMachineArns.callback,
          input: JSON.stringify({ caseId: `BENCH-${i}` }),
        }),
      );
      const scheduled = await until(async () => {
        const events = await history(client, executionArn!);
        return events.some((e) => e.type === 'TaskSubmitted')
          ? events.find((e) => e.type === 'TaskScheduled')
          : undefined;
      });
      const token = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!).Payload.taskToken;
      const sent = Date.now();
      await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":true}' }));
      const next = await until(async () => {
        const events = await history(client, executionArn!);
        return events.filter((e) => e.type === 'TaskStarted')[1];
      });
      latencies.push(next.timestamp!.getTime() - sent);
    }
    const callbackElapsed = (performance.now() - c0) / 1000;
    latencies.sort((a, b) => a - b);
    const callbackRow: WorkflowRow = {
      name: 'workflow: SendTaskSuccess → next task running',
      requests: CALLBACKS,
      concurrency: 1,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      perSecond: Math.round(CALLBACKS / callbackElapsed),
    };
    return {
      rows: [transitionsRow, callbackRow],
      workflow: {
        engine:
          'aws-local-stepfunctions 3.0.0 in the emulator, history and tokens in DynamoDB Local',
        transitionsPerSecond: transitionsRow.perSecond,
        executions: EXECUTIONS,
        transitionsPerExecution: Math.round(transitions / EXECUTIONS),
        sendTaskSuccessToNextTaskMs: { p50: callbackRow.p50Ms, p99: callbackRow.p99Ms },
        note: "Latency is measured to the next task's TaskStarted event (ms timestamps); transitions count every *StateEntered event.",
      },
    };
  } finally {
    client.destroy();
    await emulator.close();
  }
}

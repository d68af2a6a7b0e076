// Bench rows for the workflow: the local engine (transitions per second, SendTaskSuccess → next task running) and the cost of a case on each mediation path (state transitions, the unit Step Functions Standard bills).
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { loadCity } from '#config/cities.ts';
import { startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { buildSiteIfStale, repoRoot } from '#local/web-build.ts';
import { fileCase } from '#use-cases/cases.ts';
import { taskDeps } from '../functions/workflow/tasks/task-deps.ts';
import { casePaths } from '../test/support/case-paths.ts';
import { type CaseServer, startCaseServer } from './case-server.ts';

export interface WorkflowRow {
  name: string;
  requests: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
}

/** What one case costs on a path, from its execution's history. */
export interface PathCost {
  path: string;
  closureType: string | null;
  /** `*StateEntered` events: Step Functions Standard bills one state transition per state entered. */
  transitions: number;
  /** Lambda tasks run (request-response), each also a Lambda invocation. */
  lambdaTasks: number;
  /** Human steps opened (callback tasks, `waitForTaskToken`), each a Lambda invocation too. */
  humanSteps: number;
  waits: number;
  historyEvents: number;
  /** At Step Functions Standard's list price per 1,000 transitions. */
  usdPer1000Cases: number;
  /** Local wall time of the run, filing to closed, through the API (drivers poll every 50 ms). */
  wallMs: number;
}

const EXECUTIONS = Number(process.env.BENCH_WORKFLOW_EXECUTIONS ?? 20);
const CALLBACKS = Number(process.env.BENCH_WORKFLOW_CALLBACKS ?? 40);
const SIMPLE_PATH_RUNS = Number(process.env.BENCH_SIMPLE_PATH_RUNS ?? 3);
/** Step Functions Standard, USD per 1,000 state transitions (list price, most regions, 2026). */
export const USD_PER_1000_TRANSITIONS = 0.025;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 100) / 100;
}

async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
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

/** Files a case as POST /api/cases does, without starting its mediation execution. */
async function idleCase(server: CaseServer): Promise<string> {
  const { deps } = await taskDeps();
  const { caseNumber } = await fileCase(
    {
      ...deps,
      clock: server.clock,
      workflow: { start: async () => {}, complete: async () => 'gone' },
    },
    {
      category: 'neighbours',
      description: '邻居在两家之间的过道上堆放杂物，多次协商未果，影响通行。',
      applicant: { name: '马小花', phone: '13812345678' },
      respondent: { name: '张大山', phone: '13912345678', address: '郭家桥村三组 12 号' },
      regionId: 'wz-litong-gjq-gjqc',
      mode: 'in_person',
    },
    { intakeKey: randomUUID(), filedBy: 'resident' },
  );
  return caseNumber;
}

/** One case along a path, through the API; its cost read from GetExecutionHistory. */
async function costOf(
  client: SFNClient,
  server: CaseServer,
  path: (typeof casePaths)[number],
): Promise<PathCost> {
  const t0 = performance.now();
  const driven = await path.drive(server);
  const wallMs = Math.round(performance.now() - t0);
  const executionArn = `${server.emulator.stateMachineArns.mediation!.replace(':stateMachine:', ':execution:')}:${driven.caseNumber}`;
  // The close is recorded a moment before the execution's last events.
  await until(async () => {
    const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (status === 'RUNNING') return undefined;
    if (status !== 'SUCCEEDED') throw new Error(`bench: ${driven.caseNumber} ${status}`);
    return status;
  });
  const events = await history(client, executionArn);
  const scheduled = events.filter((e) => e.type === 'TaskScheduled');
  const transitions = events.filter((e) => e.type?.endsWith('StateEntered')).length;
  return {
    path: path.name,
    closureType: driven.closureType,
    transitions,
    lambdaTasks: scheduled.filter((e) => e.taskScheduledEventDetails?.resource === 'invoke').length,
    humanSteps: scheduled.filter(
      (e) => e.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken',
    ).length,
    waits: events.filter((e) => e.type === 'WaitStateEntered').length,
    historyEvents: events.length,
    usdPer1000Cases: Math.round(transitions * USD_PER_1000_TRANSITIONS * 1000) / 1000,
    wallMs,
  };
}

/**
 * Runs on the bench's DynamoDB Local (AWS_ENDPOINT_URL_DYNAMODB set): the product for cases on
 * its own table, with the bench machines on the same emulator.
 */
export async function workflowRows(region: string, _partition: string) {
  const server = await startCaseServer({
    tableName: 'bench-wuzhong-cases',
    workflows: {
      transitions: 'bench/workflows/transitions.asl.json',
      callback: 'bench/workflows/callback.asl.json',
    },
  });
  const { emulator } = server;
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

    // 2. SendTaskSuccess → the next state's task running (its TaskStarted event), one at a time,
    // each on a case of its own (filed without its mediation execution).
    const caseIds: string[] = [];
    for (let i = 0; i < CALLBACKS; i++) caseIds.push(await idleCase(server));
    const latencies: number[] = [];
    const c0 = performance.now();
    for (const caseId of caseIds) {
      const { executionArn } = await client.send(
        new StartExecutionCommand({
          stateMachineArn: emulator.stateMachineArns.callback,
          input: JSON.stringify({ caseId }),
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

    // 3. A case on each mediation path, through the API, one after another; then the simple
    // path again for its wall time.
    const paths: PathCost[] = [];
    for (const path of casePaths) paths.push(await costOf(client, server, path));
    const simple = [paths[0]!];
    for (let i = 1; i < SIMPLE_PATH_RUNS; i++)
      simple.push(await costOf(client, server, casePaths[0]!));
    const varied = simple.filter((run) => run.transitions !== simple[0]!.transitions);
    if (varied.length > 0)
      throw new Error(
        `bench: the simple path took ${simple.map((r) => r.transitions)} transitions`,
      );
    const walls = simple.map((run) => run.wallMs).sort((a, b) => a - b);
    const simpleRow: WorkflowRow = {
      name: `workflow: simple path, filing → closed through the API (${SIMPLE_PATH_RUNS} runs, wall ms)`,
      requests: SIMPLE_PATH_RUNS,
      concurrency: 1,
      p50Ms: percentile(walls, 50),
      p99Ms: percentile(walls, 99),
      perSecond:
        Math.round((SIMPLE_PATH_RUNS / walls.reduce((a, b) => a + b, 0)) * 1000 * 100) / 100,
    };

    return {
      rows: [transitionsRow, callbackRow, simpleRow],
      paths,
      workflow: {
        engine:
          'aws-local-stepfunctions 3.0.0 in the emulator, history and tokens in DynamoDB Local',
        transitionsPerSecond: transitionsRow.perSecond,
        executions: EXECUTIONS,
        transitionsPerExecution: Math.round(transitions / EXECUTIONS),
        sendTaskSuccessToNextTaskMs: { p50: callbackRow.p50Ms, p99: callbackRow.p99Ms },
        simplePathWallMs: { runs: SIMPLE_PATH_RUNS, p50: simpleRow.p50Ms, max: walls.at(-1) },
        costPerCase: {
          unit: 'state transition (Step Functions Standard bills each state entered, retries included)',
          usdPer1000Transitions: USD_PER_1000_TRANSITIONS,
          paths,
        },
        note: "Latency is measured to the next task's TaskStarted event (ms timestamps); transitions count every *StateEntered event of GetExecutionHistory. Paths are driven as test/cases/paths.test.ts drives them (test/support/case-paths.ts), each to the case's close.",
      },
    };
  } finally {
    client.destroy();
    await server.close();
  }
}

// `node --import tsx bench/workflow.ts [--write]` alone, without the rest of the bench; `--write`
// replaces the workflow rows and the `workflow` block of bench/results.json, leaving the rest.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const city = loadCity('wuzhong');
  await buildSiteIfStale('wuzhong', console.error);
  const db = await startDynamoDbLocal({});
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_REGION: city.deploy.region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    const workflow = await workflowRows(city.deploy.region, city.deploy.partition);
    console.table(workflow.rows.map((r) => ({ ...r })));
    console.table(workflow.paths.map((p) => ({ ...p })));
    if (process.argv.includes('--write')) {
      const file = join(repoRoot, 'bench', 'results.json');
      const results = JSON.parse(readFileSync(file, 'utf8'));
      results.rows = [
        ...results.rows.filter((r: WorkflowRow) => !r.name.startsWith('workflow:')),
        ...workflow.rows,
      ];
      results.workflow = {
        measuredAt: new Date().toISOString(),
        machine: { node: process.versions.node, cores: cpus().length },
        ...workflow.workflow,
      };
      writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
      console.log('written: the workflow rows and block of bench/results.json');
    }
  } finally {
    await db.stop();
  }
}

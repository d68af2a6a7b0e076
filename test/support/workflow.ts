// The workflow emulator on the run's DynamoDB Local, over a seeded table of the demo city, with its own clock.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { dynamoCityStore } from '../../functions/adapters/dynamo/city-store.ts';
import { stepFunctionsCaseWorkflow } from '../../functions/adapters/sfn/case-workflow.ts';
import { loadCity } from '../../functions/config/cities.ts';
import { cityEnvironment } from '../../functions/config/city-environment.ts';
import { fileCase } from '../../functions/use-cases/cases.ts';
import { seedCity } from '../../functions/use-cases/seed-city.ts';
import { taskDeps } from '../../functions/workflow/tasks/task-deps.ts';
import { type FileClock, fileClock } from '../../infra/local/file-clock.ts';
import { type SfnEmulator, startSfnEmulator } from '../../infra/local/sfn/sfn-emulator.ts';
import { createTestTable } from './table.ts';

export interface TestWorkflow {
  client: SFNClient;
  emulator: SfnEmulator;
  clock: FileClock;
  appTableName: string;
  /**
   * Files a case through the use case `POST /api/cases` runs, so the task functions find a real
   * case. Its mediation execution is started only with `start` (named after the case, as the
   * API does); otherwise the test starts whatever machine it runs on that case.
   */
  fileCase(options?: { start?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestWorkflow(
  workflows?: Readonly<Record<string, string>>,
): Promise<TestWorkflow> {
  const city = loadCity('wuzhong');
  const appTable = await createTestTable('wf-app');
  const dataDir = mkdtempSync(join(tmpdir(), 'fengqiao-wf-'));
  const clock = fileClock(dataDir);
  await seedCity({ cities: dynamoCityStore(appTable), clock }, city);
  // The task functions run in this process and read the app's variables, as on Lambda.
  process.env.TABLE_NAME = appTable.name;
  Object.assign(process.env, cityEnvironment(city));
  // The personal-data key and the outbox, as `npm start` gives the app and the task functions.
  process.env.PERSONAL_DATA_KEY_FILE = join(dataDir, 'keys', 'personal-data.key');
  process.env.NOTIFY_VIA = 'outbox';
  const sfnTableName = `${appTable.name}-sfn`;
  const emulator = await startSfnEmulator({
    cityId: 'wuzhong',
    partition: 'aws',
    region: 'cn-northwest-1',
    clock,
    tableName: sfnTableName,
    ...(workflows ? { workflows } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const detach = clock.onMove(() => emulator.engine.catchUp());
  const client = new SFNClient({
    endpoint: emulator.endpoint,
    region: 'cn-northwest-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    client,
    emulator,
    clock,
    appTableName: appTable.name,
    async fileCase(options = {}) {
      const { deps } = await taskDeps();
      const mediation = stepFunctionsCaseWorkflow(
        emulator.stateMachineArns.mediation ?? 'no mediation machine in this test',
        client,
      );
      const filed = await fileCase(
        {
          ...deps,
          clock,
          workflow: options.start
            ? mediation
            : { start: async () => {}, complete: mediation.complete },
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
      return filed.caseNumber;
    },
    close: async () => {
      detach();
      client.destroy();
      await emulator.close();
      await appTable.drop();
      await new DynamoDBClient({}).send(new DeleteTableCommand({ TableName: sfnTableName }));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The whole history of an execution, oldest first. */
export async function historyOf(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** Polls the history until an event matches (the engine works in the background). */
export async function waitForEvent(
  client: SFNClient,
  executionArn: string,
  match: (event: HistoryEvent) => boolean,
  withinMs = 10_000,
): Promise<HistoryEvent> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = (await historyOf(client, executionArn)).find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      const types = (await historyOf(client, executionArn)).map((e) => e.type).join(', ');
      throw new Error(`no such event within ${withinMs} ms; history: ${types}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The token a callback task received, read from its TaskScheduled event as on AWS. */
export function tokenOf(scheduled: HistoryEvent): string {
  const parameters = JSON.parse(scheduled.taskScheduledEventDetails?.parameters ?? '{}');
  return parameters.Payload.taskToken;
}

// Once per run: DynamoDB Local in memory (tests isolate by table) and a build of the demo site.
import type { TestProject } from 'vitest/node';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { buildSiteIfStale } from '../../infra/local/web-build.ts';

let db: RunningDynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  const [started] = await Promise.all([
    startDynamoDbLocal({}),
    buildSiteIfStale('wuzhong', (line) => console.error(line)),
  ]);
  db = started;
  project.provide('dynamoEndpoint', db.endpoint);
}

export async function teardown(): Promise<void> {
  await db?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

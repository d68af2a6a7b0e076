// Starts the local Step Functions emulator: the city's workflows from their ASL files, its table, its port.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTable, createTableIfMissing } from '#adapters/dynamo/table-client.ts';
import type { Clock } from '#domain/time.ts';
import { substitute, workflowDefinitions } from '../../../functions/workflow/functions.ts';
import { useClock } from '../../../functions/workflow/tasks/task-deps.ts';
import { repoRoot } from '../web-build.ts';
import { Engine } from './engine.ts';
import { executionStore } from './execution-store.ts';
import { localSubstitutions } from './local-lambda.ts';
import { startProtocolServer } from './protocol-server.ts';

export interface SfnEmulatorOptions {
  cityId: string;
  partition: string;
  region: string;
  clock: Clock;
  /** Defaults to `fengqiao-<city>-sfn-local` (docs/access-patterns.md says why it is apart). */
  tableName?: string;
  port?: number;
  /** Workflow name → ASL file (relative to the repository root); defaults to `workflowDefinitions`. */
  workflows?: Readonly<Record<string, string>>;
  log?: (line: string) => void;
}

export interface SfnEmulator {
  endpoint: string;
  /** The state machine ARN of each workflow, by name (`mediation`). */
  stateMachineArns: Record<string, string>;
  engine: Engine;
  /** Executions that were running when the product stopped and go on now. */
  resumed: number;
  close(): Promise<void>;
}

/** Each workflow's state machine name: one per city, as the CDK stack names it. */
export const stateMachineName = (cityId: string, workflow: string) =>
  `fengqiao-${cityId}-${workflow}`;

export async function startSfnEmulator(options: SfnEmulatorOptions): Promise<SfnEmulator> {
  const table = createTable(options.tableName ?? `fengqiao-${options.cityId}-sfn-local`);
  await createTableIfMissing(table);
  // The task functions run in this process: they read the same controllable clock as the API.
  useClock(options.clock);
  const substitutions = localSubstitutions(options);
  const machines = Object.entries(options.workflows ?? workflowDefinitions).map(
    ([workflow, file]) => ({
      workflow,
      name: stateMachineName(options.cityId, workflow),
      definition: substitute(readFileSync(join(repoRoot, file), 'utf8'), substitutions),
    }),
  );
  const engine = new Engine({
    store: executionStore(table),
    clock: options.clock,
    partition: options.partition,
    region: options.region,
    machines,
    log: options.log,
  });
  const { resumed } = await engine.start();
  const server = await startProtocolServer(engine, options.port);
  const arnByName = new Map([...engine.machines.values()].map((m) => [m.name, m.arn]));
  const stateMachineArns = Object.fromEntries(
    machines.map(({ workflow, name }) => [workflow, arnByName.get(name)!]),
  );
  return {
    endpoint: server.endpoint,
    stateMachineArns,
    engine,
    resumed,
    async close() {
      await server.close();
      await engine.close();
    },
  };
}

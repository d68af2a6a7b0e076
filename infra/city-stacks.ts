// Adds one city's isolated stacks to a CDK app: the single place that maps a city config to stacks.
import type { App } from 'aws-cdk-lib';
import type { CityConfig } from '../functions/config/city-schema.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { WorkflowStack } from './stacks/workflow-stack.ts';

export interface CityStacks {
  readonly data: DataStack;
  readonly api: ApiStack;
  readonly workflow: WorkflowStack;
}

/** `city` comes from `loadCity`, which has already checked that region and partition agree. */
export function addCityStacks(
  app: App,
  city: CityConfig,
  options: { siteDir: string },
): CityStacks {
  const { id, deploy } = city;
  // Region only: the account comes from the deploying credentials, so one template serves any
  // agency's account. The partition is never written down: it stays `AWS::Partition`.
  const env = { region: deploy.region };
  const tags = { project: 'fengqiao', city: id };

  const data = new DataStack(app, `Fengqiao-${id}-Data`, {
    env,
    tags,
    description: `Fengqiao ${id}: stateful data (DynamoDB table, personal-data key, staff identity)`,
    cityId: id,
    deploy,
  });
  const workflow = new WorkflowStack(app, `Fengqiao-${id}-Workflow`, {
    env,
    tags,
    description: `Fengqiao ${id}: mediation workflow (Step Functions) and its task functions`,
    city,
    mediationTable: data.mediationTable,
    personalDataKey: data.personalDataKey,
    channelSecrets: data.channelSecrets,
  });
  const api = new ApiStack(app, `Fengqiao-${id}-Api`, {
    env,
    tags,
    description: `Fengqiao ${id}: API, site (CloudFront), seeding on deploy, alarms`,
    city,
    mediationTable: data.mediationTable,
    personalDataKey: data.personalDataKey,
    staffIdentity: data.staffIdentity,
    channelSecrets: data.channelSecrets,
    accessLogs: data.accessLogs.bucket,
    attachments: data.attachments,
    workflow: workflow.mediation,
    siteDir: options.siteDir,
  });
  return { data, api, workflow };
}

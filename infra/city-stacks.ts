// Adds one city's isolated stacks to a CDK app: the single place that maps a city config to stacks.
import type { App } from 'aws-cdk-lib';
import type { CityConfig } from '../functions/config/city-schema.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';

export interface CityStacks {
  readonly data: DataStack;
  readonly api: ApiStack;
}

/** `city` comes from `loadCity`, which has already checked that region and partition agree. */
export function addCityStacks(app: App, city: CityConfig): CityStacks {
  const { id, deploy } = city;
  // Region only: the account comes from the deploying credentials, so one template serves any
  // agency's account. The partition is never written down: it stays `AWS::Partition`.
  const env = { region: deploy.region };
  const tags = { project: 'fengqiao', city: id };

  const data = new DataStack(app, `Fengqiao-${id}-Data`, {
    env,
    tags,
    description: `Fengqiao ${id}: stateful data (DynamoDB table)`,
  });
  const api = new ApiStack(app, `Fengqiao-${id}-Api`, {
    env,
    tags,
    description: `Fengqiao ${id}: HTTP API and its Lambda function`,
    cityId: id,
    mediationTable: data.mediationTable,
  });
  return { data, api };
}

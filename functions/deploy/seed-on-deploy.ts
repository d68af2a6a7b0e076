// Lambda entry of the seed custom resource: on create and update, seeds the city's run-time config (idempotent); on delete, keeps it.
import type {
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceResponse,
} from 'aws-lambda';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { loadCity } from '#config/cities.ts';
import { systemClock } from '#domain/time.ts';
import { seedCity } from '#use-cases/seed-city.ts';

/** The answer CloudFormation waits for, built apart from the PUT so a test can read it. */
export async function seedResponse(
  event: CloudFormationCustomResourceEvent,
  seed: () => Promise<{ seeded: boolean }>,
): Promise<CloudFormationCustomResourceResponse> {
  const base = {
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    // Stable: an update never replaces the resource, so CloudFormation never sends a Delete
    // for the old one.
    PhysicalResourceId: `fengqiao-seed-${String(event.ResourceProperties.City)}`,
  };
  // Deleting the stack leaves the city's configuration in the (retained) table.
  if (event.RequestType === 'Delete') return { ...base, Status: 'SUCCESS' };
  try {
    const { seeded } = await seed();
    return { ...base, Status: 'SUCCESS', Data: { Seeded: String(seeded) } };
  } catch (error) {
    return {
      ...base,
      Status: 'FAILED',
      Reason: `seeding failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  const cityId = process.env.CITY ?? '';
  const table = createTable(process.env.TABLE_NAME ?? '');
  const response = await seedResponse(event, () =>
    seedCity({ cities: dynamoCityStore(table), clock: systemClock }, loadCity(cityId)),
  );
  // The presigned URL CloudFormation reads the answer from; without it the stack would wait an hour.
  const body = JSON.stringify(response);
  const res = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  if (!res.ok) throw new Error(`CloudFormation response URL answered ${res.status}`);
}

// The seed custom resource's answers to CloudFormation: seeded on create and update, kept on delete, FAILED with the reason.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { expect, it } from 'vitest';
import { seedResponse } from './seed-on-deploy.ts';

const event = (RequestType: 'Create' | 'Update' | 'Delete') =>
  ({
    RequestType,
    StackId: 'stack',
    RequestId: 'req',
    LogicalResourceId: 'Seed',
    ResponseURL: 'https://example.invalid/',
    ResourceProperties: { ServiceToken: 'x', City: 'wuzhong' },
  }) as unknown as CloudFormationCustomResourceEvent;

it('seeds on create and update, with one stable physical id', async () => {
  for (const type of ['Create', 'Update'] as const) {
    const answer = await seedResponse(event(type), async () => ({ seeded: type === 'Create' }));
    expect(answer).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'fengqiao-seed-wuzhong',
      Data: { Seeded: String(type === 'Create') },
    });
  }
});

it('never touches the table on delete, and reports a failed seed', async () => {
  const deleted = await seedResponse(event('Delete'), () => {
    throw new Error('must not run');
  });
  expect(deleted.Status).toBe('SUCCESS');
  const failed = await seedResponse(event('Create'), async () => {
    throw new Error('AccessDenied');
  });
  expect(failed).toMatchObject({ Status: 'FAILED', Reason: 'seeding failed: AccessDenied' });
});

// Acknowledging a cdk-nag finding, also the per-resource kind (`AwsSolutions-IAM5[Resource::…]`), always with a reason.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * A finding with `appliesTo` (a wildcard action or resource, a managed policy) is acknowledged
 * per item, so a new wildcard added later is a new finding rather than silently covered.
 */
export function acknowledge(
  scope: IConstruct,
  rule: string,
  reason: string,
  appliesTo?: readonly string[],
): void {
  const ids = appliesTo ? appliesTo.map((item) => `${rule}[${item}]`) : [rule];
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}

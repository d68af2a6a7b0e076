// Least-privilege permissions of a function that sends the city's SMS and e-mail through SNS or SES (city config).
import { Arn, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { NotificationsConfig } from '../../functions/config/city-schema.ts';
import { acknowledge } from '../nag-acknowledgements.ts';

/** SMTP and the SMS webhook need no AWS permission, only their secrets (ChannelSecrets). */
export function grantNotifications(fn: LambdaFunction, config: NotificationsConfig): void {
  if (config.sms.kind === 'sns') {
    // Publishing to a phone number has no resource to name: SNS accepts only `*` for it.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    acknowledge(
      fn,
      'AwsSolutions-IAM5',
      'sns:Publish to a phone number (SMS) has no resource ARN: SNS authorizes it only on "*". The statement holds that one action.',
      ['Resource::*'],
    );
  }
  if (config.email.kind === 'ses') {
    const domain = config.email.from.split('@')[1]!;
    const identity = (name: string) =>
      Arn.format({ service: 'ses', resource: 'identity', resourceName: name }, Stack.of(fn));
    // Only the verified identities of the From address: the address and its domain.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [identity(config.email.from), identity(domain)],
        conditions: { StringEquals: { 'ses:FromAddress': config.email.from } },
      }),
    );
  }
}

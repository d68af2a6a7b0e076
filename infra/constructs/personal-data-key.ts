// The city's personal-data KMS key: envelope encryption of phone and ID numbers, and the root of the HMAC keys.
import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The environment variable through which a bound function finds the key. */
export const PERSONAL_DATA_KEY_ENV = 'PERSONAL_DATA_KMS_KEY_ID';

/**
 * The key policy is CDK's default: it trusts the account, and functions get IAM grants, so the
 * stateful stack never names (or depends on) a stateless one.
 */
export class PersonalDataKey extends Construct {
  readonly key: IKey;

  constructor(scope: Construct, id: string, props: { cityId: string }) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: `Fengqiao ${props.cityId}: personal data (envelope encryption, keyed hashes)`,
      enableKeyRotation: true,
      // Losing the key loses every encrypted number: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: undefined,
    });
  }

  /**
   * Lets `fn` ask for data keys and open them, only with this city's encryption context, and
   * tells it the key. (kms:GenerateDataKey and kms:Decrypt; no Encrypt, no key administration.)
   */
  grantEnvelope(fn: LambdaFunction, cityId: string): void {
    fn.addEnvironment(PERSONAL_DATA_KEY_ENV, this.key.keyArn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:EncryptionContext:app': 'fengqiao',
            'kms:EncryptionContext:city': cityId,
          },
        },
      }),
    );
  }
}

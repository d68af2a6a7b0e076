// The bucket for case attachments (evidence, agreements): private, SSL only, versioned, encrypted, retained.
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ATTACHMENTS_BUCKET_ENV,
  UPLOAD_PREFIX,
  UPLOAD_STATE_TAG,
} from '../../functions/adapters/s3/upload-target.ts';
import { acknowledge } from '../nag-acknowledgements.ts';

/**
 * Browsers PUT residents' files straight to the bucket with presigned URLs, from the site's
 * origin. Without a custom domain that origin is the distribution's `*.cloudfront.net` name,
 * made in the API stack after this one (naming it here would make the data stack depend on a
 * stateless one), so any CloudFront origin is allowed then. CORS only lets a page read S3's
 * answer: the presigned signature, bound to one key, type, size and 15 minutes, is what
 * authorizes a PUT, from a browser or not. (aws-cn always has a custom domain: city schema.)
 */
export const DEFAULT_SITE_ORIGIN = 'https://*.cloudfront.net';

/** What the API may do with uploads: presign PUTs (with their tag), read their size and type, retag them kept. */
export const UPLOAD_ACTIONS = ['s3:PutObject', 's3:PutObjectTagging', 's3:GetObject'];
/** The data stack's output naming the bucket, read by the API stack's upload grant. */
const BUCKET_ARN_OUTPUT = 'AttachmentsBucketArn';

export interface AttachmentsBucketProps {
  readonly accessLogs: IBucket;
  /** The site's origin, allowed to PUT with presigned URLs (default: `DEFAULT_SITE_ORIGIN`). */
  readonly siteOrigin?: string;
}

export class AttachmentsBucket extends Construct {
  readonly bucket: IBucket;

  constructor(scope: Construct, id: string, props: AttachmentsBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // An overwritten or deleted piece of evidence can be recovered.
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      lifecycleRules: [
        // Uploads started and never finished cost storage and hold nothing usable.
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Every upload arrives tagged pending; a case's files are retagged attached (the API's
        // keepAttachments). The rest were abandoned in the form: gone after two days (a day
        // past the 24 hours an upload may wait for its case), old versions a day later.
        {
          prefix: UPLOAD_PREFIX,
          tagFilters: { [UPLOAD_STATE_TAG.key]: UPLOAD_STATE_TAG.pending },
          expiration: Duration.days(2),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { noncurrentVersionExpiration: Duration.days(90) },
      ],
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [props.siteOrigin ?? DEFAULT_SITE_ORIGIN],
          // The headers a presigned upload carries (the browser sets Content-Length itself).
          allowedHeaders: ['content-type', 'x-amz-tagging'],
          maxAge: 600,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Named by us, not generated: the grant's acknowledgement below must spell the reference.
    new CfnOutput(this, 'BucketArn', {
      description: 'The attachments bucket (read by the API stack for its upload grant)',
      value: this.bucket.bucketArn,
    }).overrideLogicalId(BUCKET_ARN_OUTPUT);
  }

  /**
   * Lets `fn` presign uploads under `uploads/`, read what arrived and retag it kept, nothing
   * else (no list, no delete, no other prefix), and tells it the bucket's name.
   */
  grantUploads(fn: LambdaFunction): Grant {
    fn.addEnvironment(ATTACHMENTS_BUCKET_ENV, this.bucket.bucketName);
    const producer = Stack.of(this);
    const consumer = Stack.of(fn);
    let bucketArn = this.bucket.bucketArn;
    if (producer !== consumer) {
      // Read from the data stack's named output, so the reference is known here.
      bucketArn = Fn.getStackOutput(producer.stackName, BUCKET_ARN_OUTPUT, producer.region);
      consumer.addStackDependency(producer, 'the upload grant names the attachments bucket');
    }
    const objects = `${bucketArn}/${UPLOAD_PREFIX}*`;
    const grant = Grant.addToPrincipal({
      grantee: fn,
      actions: UPLOAD_ACTIONS,
      resourceArns: [objects],
    });
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM5',
      'Upload keys are `uploads/<random id>`, made per request: the prefix is the narrowest resource that names them. The actions are s3:PutObject and s3:PutObjectTagging (presigned uploads and their tag) and s3:GetObject (HeadObject of what arrived); no list, no delete.',
      [`Resource::${nagSpelling(consumer.resolve(bucketArn))}/${UPLOAD_PREFIX}*`],
    );
    return grant;
  }

  /**
   * Lets `fn` delete uploads (the retention job, when a case's period is over), nothing else,
   * and tells it the bucket's name. The bucket is versioned: a delete leaves a marker, and the
   * noncurrent-version lifecycle rule removes the bytes.
   */
  grantRemoval(fn: LambdaFunction): Grant {
    fn.addEnvironment(ATTACHMENTS_BUCKET_ENV, this.bucket.bucketName);
    const producer = Stack.of(this);
    const consumer = Stack.of(fn);
    let bucketArn = this.bucket.bucketArn;
    if (producer !== consumer) {
      bucketArn = Fn.getStackOutput(producer.stackName, BUCKET_ARN_OUTPUT, producer.region);
      consumer.addStackDependency(producer, 'the removal grant names the attachments bucket');
    }
    const grant = Grant.addToPrincipal({
      grantee: fn,
      actions: ['s3:DeleteObject'],
      resourceArns: [`${bucketArn}/${UPLOAD_PREFIX}*`],
    });
    acknowledge(
      fn.role!,
      'AwsSolutions-IAM5',
      'Upload keys are `uploads/<random id>`: the prefix is the narrowest resource that names a case’s files. The one action is s3:DeleteObject (the retention job erasing a closed case’s files); no read, list or write.',
      [`Resource::${nagSpelling(consumer.resolve(bucketArn))}/${UPLOAD_PREFIX}*`],
    );
    return grant;
  }
}

/** How cdk-nag spells a resolved reference in a finding: `<Id.Attr>` for a GetAtt, JSON otherwise. */
function nagSpelling(resolved: unknown): string {
  const getAtt = (resolved as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  return getAtt ? `<${getAtt[0]}.${getAtt[1]}>` : JSON.stringify(resolved);
}

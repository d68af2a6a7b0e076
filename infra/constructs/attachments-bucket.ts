// The bucket for case attachments (evidence, agreements): private, SSL only, versioned, encrypted, retained.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface AttachmentsBucketProps {
  readonly accessLogs: IBucket;
  /** The site's origin, allowed to upload with presigned URLs (none: no browser uploads). */
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
        // Objects under uploads/ are moved to cases/ once a case references them; the rest
        // were abandoned in the form.
        { prefix: 'uploads/', expiration: Duration.days(2) },
        { noncurrentVersionExpiration: Duration.days(90) },
      ],
      ...(props.siteOrigin
        ? {
            cors: [
              {
                allowedMethods: [HttpMethods.PUT],
                allowedOrigins: [props.siteOrigin],
                allowedHeaders: ['content-type', 'content-md5'],
                maxAge: 600,
              },
            ],
          }
        : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

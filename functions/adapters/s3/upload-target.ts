// S3 adapter of the upload target: presigned PUTs to `uploads/<uploadId>` in the attachments bucket, HeadObject to check them.
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock } from '../../domain/time.ts';
import type { UploadRemover, UploadTarget } from '../upload-target.port.ts';

/** The environment variable through which the API finds the attachments bucket. */
export const ATTACHMENTS_BUCKET_ENV = 'ATTACHMENTS_BUCKET';
/** Where uploads land; the bucket's lifecycle and the function's grant name this prefix. */
export const UPLOAD_PREFIX = 'uploads/';
/**
 * Every upload is tagged `pending`; the bucket's lifecycle removes pending objects after two
 * days, and `keep` retags a case's files `attached`, out of its reach.
 */
export const UPLOAD_STATE_TAG = {
  key: 'fengqiao-upload',
  pending: 'pending',
  attached: 'attached',
};

/** The object key of an upload. */
export const uploadObjectKey = (uploadId: string) => `${UPLOAD_PREFIX}${uploadId}`;

/**
 * The origin presigned URLs point at: the bucket's virtual-hosted regional endpoint, in either
 * partition (`….amazonaws.com`, `….amazonaws.com.cn` in the China regions).
 */
export function s3UploadOrigin(bucket: string, region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${bucket}.s3.${region}.${suffix}`;
}

/**
 * Deletes a case's files (the retention job). The bucket is versioned: the delete marker hides
 * the file at once, and the lifecycle rule for noncurrent versions removes its bytes.
 */
export function s3UploadRemover(options: {
  bucket: string;
  region: string;
  client?: S3Client;
}): UploadRemover {
  const client = options.client ?? new S3Client({ region: options.region });
  return {
    async remove(uploadId) {
      await client.send(
        new DeleteObjectCommand({ Bucket: options.bucket, Key: uploadObjectKey(uploadId) }),
      );
    },
  };
}

export function s3UploadTarget(options: {
  bucket: string;
  region: string;
  clock: Clock;
  client?: S3Client;
}): UploadTarget {
  const { bucket, region, clock } = options;
  // WHEN_REQUIRED: by default the SDK bakes a CRC32 of the (empty) presigning body into the
  // URL, and S3 then refuses every real file sent to it.
  const client =
    options.client ?? new S3Client({ region, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const tagging = `${UPLOAD_STATE_TAG.key}=${UPLOAD_STATE_TAG.pending}`;

  return {
    origin: s3UploadOrigin(bucket, region),

    async presignPut({ uploadId, contentType, size, expiresInSeconds }) {
      const signingDate = clock.now();
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket: bucket,
          Key: uploadObjectKey(uploadId),
          ContentType: contentType,
          ContentLength: size,
          Tagging: tagging,
        }),
        {
          expiresIn: expiresInSeconds,
          signingDate,
          // Signed, so S3 refuses another type or size (the browser sets Content-Length itself).
          signableHeaders: new Set(['content-type', 'content-length']),
          // A signed header the browser sends, rather than a query parameter S3 would ignore.
          unhoistableHeaders: new Set(['x-amz-tagging']),
        },
      );
      return {
        url,
        headers: { 'Content-Type': contentType, 'x-amz-tagging': tagging },
        expiresAt: new Date(signingDate.getTime() + expiresInSeconds * 1000),
      };
    },

    async inspect(uploadId) {
      try {
        const head = await client.send(
          new HeadObjectCommand({ Bucket: bucket, Key: uploadObjectKey(uploadId) }),
        );
        return { size: head.ContentLength ?? 0, contentType: head.ContentType ?? '' };
      } catch (error) {
        // Without s3:ListBucket (not granted: keys are nobody's business), S3 answers a missing
        // key with 403 rather than 404.
        const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : 0;
        if (status === 404 || status === 403) return undefined;
        throw error;
      }
    },

    async keep(uploadId) {
      await client.send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: uploadObjectKey(uploadId),
          Tagging: { TagSet: [{ Key: UPLOAD_STATE_TAG.key, Value: UPLOAD_STATE_TAG.attached }] },
        }),
      );
    },
  };
}

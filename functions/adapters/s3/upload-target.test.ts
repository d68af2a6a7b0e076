// The S3 upload target's presigned PUT, offline (presigning needs no network): host, key, signed headers, expiry.
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3UploadOrigin, s3UploadTarget, UPLOAD_STATE_TAG } from './upload-target.ts';

const BUCKET = 'fengqiao-wuzhong-data-attachmentsbucket1a2b3c-0123456789ab';
const UPLOAD_ID = 'UP01JD2Q8K7Z3M9QXA4B6C8D0EFG';
const now = new Date('2026-11-22T02:00:00Z');

function target(region: string) {
  const client = new S3Client({
    region,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return s3UploadTarget({ bucket: BUCKET, region, clock: { now: () => now }, client });
}

describe.each([
  ['ap-southeast-1', `https://${BUCKET}.s3.ap-southeast-1.amazonaws.com`],
  ['cn-northwest-1', `https://${BUCKET}.s3.cn-northwest-1.amazonaws.com.cn`],
])('in %s', (region, origin) => {
  it('names the bucket’s regional endpoint, the origin the CSP allows', () => {
    expect(s3UploadOrigin(BUCKET, region)).toBe(origin);
    expect(target(region).origin).toBe(origin);
  });

  it('presigns one PUT to uploads/<id> with the type, exact size and pending tag signed', async () => {
    const link = await target(region).presignPut({
      uploadId: UPLOAD_ID,
      contentType: 'image/png',
      size: 482133,
      expiresInSeconds: 900,
    });
    const url = new URL(link.url);
    expect(url.origin).toBe(origin);
    expect(url.pathname).toBe(`/uploads/${UPLOAD_ID}`);
    const query = url.searchParams;
    expect(query.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(query.get('X-Amz-Credential')).toBe(`AKIDEXAMPLE/20261122/${region}/s3/aws4_request`);
    expect(query.get('X-Amz-Date')).toBe('20261122T020000Z');
    expect(query.get('X-Amz-Expires')).toBe('900');
    expect(query.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;x-amz-tagging');
    expect(query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // A checksum of the empty presigning body would make S3 refuse the real file.
    expect([...query.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
    expect(link.headers).toEqual({
      'Content-Type': 'image/png',
      'x-amz-tagging': `${UPLOAD_STATE_TAG.key}=${UPLOAD_STATE_TAG.pending}`,
    });
    expect(link.expiresAt).toEqual(new Date(now.getTime() + 900_000));
  });
});

it('builds its own client without checksums in the URL', async () => {
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'secret';
  const link = await s3UploadTarget({
    bucket: BUCKET,
    region: 'cn-northwest-1',
    clock: { now: () => now },
  }).presignPut({
    uploadId: UPLOAD_ID,
    contentType: 'application/pdf',
    size: 1,
    expiresInSeconds: 60,
  });
  expect(link.url).not.toMatch(/checksum/i);
});

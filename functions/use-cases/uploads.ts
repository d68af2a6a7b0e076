// Use cases: a resident declares a file and gets a link to send it to; the case intake checks the files it lists.
import { ulid } from 'ulid';
import type { UploadRecord, UploadStore } from '../adapters/upload-store.port.ts';
import type { UploadTarget } from '../adapters/upload-target.port.ts';
import { ServiceUnavailable, ValidationFailed } from '../domain/errors.ts';
import { type Clock, toBusinessIso } from '../domain/time.ts';

export type { UploadRecord } from '../adapters/upload-store.port.ts';
export { uploadKey } from '../adapters/upload-store.port.ts';

/** CONTRACT.md: JPEG, PNG or PDF, ≤ 10 MB each, ≤ 10 per case. */
export const UPLOAD_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
/** An upload no case takes within this is forgotten (TTL), and its file removed by the storage. */
export const UNATTACHED_UPLOAD_SECONDS = 24 * 3600;
/** How long the link to send the file works: long enough for 10 MB on a slow mobile line. */
export const UPLOAD_LINK_SECONDS = 15 * 60;
/** `UP` and a ULID: 80 random bits, so an upload cannot be guessed and attached by someone else. */
const UPLOAD_ID = /^UP[0-9A-HJKMNP-TV-Z]{26}$/;

export interface UploadDeps {
  uploads: UploadStore;
  /** Where the files go; absent when the deployment has none (creating an upload answers 503). */
  target: UploadTarget | undefined;
  clock: Clock;
}

export interface NewUpload {
  fileName: string;
  contentType: UploadContentType;
  size: number;
}

/** What the resident's browser needs to send the file: `method` to `uploadUrl` with `headers`. */
export interface CreatedUpload {
  uploadId: string;
  uploadUrl: string;
  method: 'PUT';
  headers: Record<string, string>;
  /** When the link stops working (business time, ISO 8601). */
  expiresAt: string;
}

/** Whether a string has the shape of an upload id (anything else is unknown without a lookup). */
export const isUploadId = (value: string) => UPLOAD_ID.test(value);

function requireTarget(deps: Pick<UploadDeps, 'target'>): UploadTarget {
  if (!deps.target) throw new ServiceUnavailable({ uploads: 'no file storage is configured' });
  return deps.target;
}

/** Records the declared file (forgotten after 24 h unless a case takes it) and signs its link. */
export async function createUpload(deps: UploadDeps, input: NewUpload): Promise<CreatedUpload> {
  const target = requireTarget(deps);
  if (!UPLOAD_CONTENT_TYPES.includes(input.contentType)) {
    throw new ValidationFailed({ 'json.contentType': UPLOAD_CONTENT_TYPES.join(', ') });
  }
  if (!Number.isSafeInteger(input.size) || input.size < 1 || input.size > MAX_UPLOAD_BYTES) {
    throw new ValidationFailed({ 'json.size': `1 to ${MAX_UPLOAD_BYTES} bytes` });
  }
  const now = deps.clock.now();
  const uploadId = `UP${ulid(now.getTime())}`;
  await deps.uploads.create({
    uploadId,
    fileName: input.fileName,
    contentType: input.contentType,
    size: input.size,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + UNATTACHED_UPLOAD_SECONDS,
  });
  const link = await target.presignPut({
    uploadId,
    contentType: input.contentType,
    size: input.size,
    expiresInSeconds: UPLOAD_LINK_SECONDS,
  });
  return {
    uploadId,
    uploadUrl: link.url,
    method: 'PUT',
    headers: link.headers,
    expiresAt: toBusinessIso(link.expiresAt),
  };
}

/**
 * For the case intake, before its transaction: every listed upload exists, is unexpired, is not
 * attached to a case yet, and its file arrived with exactly the declared size and type; at most
 * 10, none twice. Otherwise VALIDATION_FAILED naming each `json.attachmentIds.<index>` at fault.
 * Returns the records in the order given.
 */
export async function checkAttachments(
  deps: UploadDeps,
  uploadIds: readonly string[],
): Promise<UploadRecord[]> {
  if (uploadIds.length > MAX_ATTACHMENTS) {
    throw new ValidationFailed({ 'json.attachmentIds': `at most ${MAX_ATTACHMENTS} files` });
  }
  if (uploadIds.length === 0) return [];
  const target = requireTarget(deps);
  const details: Record<string, string> = {};
  const firstIndex = new Map<string, number>();
  uploadIds.forEach((id, index) => {
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else details[`json.attachmentIds.${index}`] = `the same file as attachmentIds.${first}`;
  });
  const records = await deps.uploads.getMany([...firstIndex.keys()].filter(isUploadId));
  // TTL deletion lags: an expired record is gone, whatever the table still shows.
  const nowSeconds = deps.clock.now().getTime() / 1000;

  await Promise.all(
    [...firstIndex].map(async ([id, index]) => {
      const field = `json.attachmentIds.${index}`;
      const record = records.get(id);
      if (!record || (record.expiresAt !== undefined && record.expiresAt <= nowSeconds)) {
        details[field] = 'unknown or expired upload';
      } else if (record.caseNumber !== undefined) {
        details[field] = 'already attached to a case';
      } else {
        const stored = await target.inspect(id);
        if (!stored) details[field] = 'the file was not uploaded';
        else if (stored.size !== record.size || stored.contentType !== record.contentType) {
          details[field] = 'the file uploaded is not the size or type declared';
        }
      }
    }),
  );
  if (Object.keys(details).length > 0) throw new ValidationFailed(details);
  return uploadIds.map((id) => records.get(id)!);
}

/**
 * For the case intake, once its transaction has attached the uploads: their files now belong to
 * the case, and the storage's clean-up of abandoned uploads (S3 lifecycle) leaves them alone.
 */
export async function keepAttachments(
  deps: Pick<UploadDeps, 'target'>,
  uploadIds: readonly string[],
): Promise<void> {
  if (uploadIds.length === 0) return;
  const target = requireTarget(deps);
  await Promise.all([...new Set(uploadIds)].map((id) => target.keep(id)));
}

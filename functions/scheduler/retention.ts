// Scheduled entry point: erases the personal data of cases closed longer ago than the city's retention period (run daily by a schedule).
import { dynamoAuditLog } from '#adapters/dynamo/audit-log-store.ts';
import { dynamoCaseStore } from '#adapters/dynamo/case-store.ts';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { dynamoRetentionStore } from '#adapters/dynamo/retention-store.ts';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { ATTACHMENTS_BUCKET_ENV, s3UploadRemover } from '#adapters/s3/upload-target.ts';
import type { UploadRemover } from '#adapters/upload-target.port.ts';
import { type Clock, systemClock } from '#domain/time.ts';
import { eraseExpiredCases, type RetentionRun } from '#use-cases/retention.ts';

/**
 * One run over TABLE_NAME and CITY. `uploads`: where the files are (the local runtime passes its
 * DATA_DIR target; on AWS, the bucket ATTACHMENTS_BUCKET names).
 */
export async function runRetention(
  options: { clock?: Clock; uploads?: UploadRemover } = {},
): Promise<RetentionRun> {
  const cityId = process.env.CITY;
  const tableName = process.env.TABLE_NAME;
  if (!cityId || !tableName) throw new Error('CITY and TABLE_NAME are required');
  const clock = options.clock ?? systemClock;
  const table = createTable(tableName);
  const bucket = process.env[ATTACHMENTS_BUCKET_ENV];
  const region = process.env.AWS_REGION;
  const uploads =
    options.uploads ?? (bucket && region ? s3UploadRemover({ bucket, region }) : undefined);
  const run = await eraseExpiredCases({
    cityId,
    cities: dynamoCityStore(table),
    cases: dynamoCaseStore(table, cityId),
    retention: dynamoRetentionStore(table),
    ...(uploads ? { uploads } : {}),
    audit: dynamoAuditLog(table),
    clock,
    reportError: (what, error) =>
      console.warn(what, error instanceof Error ? error.message : error),
  });
  // A line in the function's log for each run that did something: what was due and what was done.
  if (run.erased.length || run.skipped.length)
    console.info(JSON.stringify({ message: 'retention run', ...run, erased: run.erased.length }));
  return run;
}

/** The Lambda handler an EventBridge schedule invokes once a day. */
export const handler = () => runRetention();

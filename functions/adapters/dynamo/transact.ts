// TransactWriteItems with the retry every multi-item write needs: conflicts retried with jitter, failed conditions returned.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './table-client.ts';

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** Returned alone when conflicts outlasted the allowed retries (`maxConflictRetries`). */
export const CONFLICT = -1;

/**
 * Runs a transaction, retrying cancellations for conflicts (TransactionConflict, frequent on a
 * hot item such as a slot or a counter) with jittered backoff. Returns the indexes of failed
 * conditions (empty: it committed).
 */
export async function transact(
  table: Table,
  items: TransactItem[],
  options: { maxConflictRetries?: number } = {},
): Promise<number[]> {
  const maxRetries = options.maxConflictRetries ?? 40;
  for (let attempt = 0; ; attempt++) {
    try {
      await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return [];
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) return failed;
      const retryable = reasons.every(
        (r) =>
          !r.Code ||
          r.Code === 'None' ||
          r.Code === 'TransactionConflict' ||
          r.Code === 'ThrottlingError',
      );
      if (!retryable) throw error;
      // The caller retries on its own terms (it re-reads and decides again).
      if (attempt >= maxRetries) return [CONFLICT];
      // Full jitter, capped: many requests on one item spread out instead of colliding again.
      const cap = Math.min(400, 10 * 2 ** Math.min(attempt, 6));
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
  }
}

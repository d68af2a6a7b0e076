// Port: the retention queue — closed cases whose personal data is still kept, in closing order — and the items a case's erasure removes with it.
import type { ExtraItem } from './dynamo/case-store.ts';

/** A closed case waiting for the end of its retention period. */
export interface RetainedCase {
  caseNumber: string;
  closedAt: string;
}

export interface RetentionStore {
  /** Which cases closed before `cutoff` still hold personal data? Oldest first, at most `limit`. */
  closedBefore(cutoff: Date, limit: number): Promise<RetainedCase[]>;
  /** The session-room items of a case (minutes drafts, check-ins), as deletions. */
  roomDeletions(caseNumber: string): Promise<ExtraItem[]>;
  /** The case leaves the queue, as an item of its erasure (it fails when another run took it). */
  dequeueItem(entry: RetainedCase): ExtraItem;
  /** An upload record's deletion (its file is removed from storage first). */
  uploadDeletion(uploadId: string): ExtraItem;
  /** The applicant's name and mobile on the booking the case came from, removed. */
  bookingErasure(reference: string): ExtraItem;
}

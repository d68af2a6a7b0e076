// Index items a case change keeps in step with the case, in its own transaction: the overdue list (督办) and the retention queue.
import type { CaseRecord } from '../../domain/case.ts';
import type { HandlingLevel } from '../../domain/vocabulary.ts';
import type { Table } from './table-client.ts';
import type { TransactItem } from './transact.ts';

/**
 * `OVERDUE#<level>` / `CASE#<caseNumber>`: present exactly while the case's status is `overdue`
 * (its step's deadline lapsed and the workflow sent the supervision notice), at the level
 * responsible. Holds the deadline that lapsed and the agency's reminders.
 */
export const overdueKey = (level: HandlingLevel, caseNumber: string) => ({
  pk: `OVERDUE#${level}`,
  sk: `CASE#${caseNumber}`,
});

/**
 * `RETENTION` / `<closedAt UTC ISO>#<caseNumber>`: one item per closed case whose personal data
 * is still kept, in closing order, so the retention job reads only those past the period. One
 * partition is enough: cases close a few per minute at most, and erased cases leave it.
 */
export const RETENTION_PK = 'RETENTION';
export const retentionKey = (closedAt: string, caseNumber: string) => ({
  pk: RETENTION_PK,
  sk: `${new Date(closedAt).toISOString()}#${caseNumber}`,
});

const isOverdue = (record: CaseRecord | undefined) => record?.status === 'overdue';

/** What a change from `before` to `after` writes to the indexes (nothing when neither moved). */
export function caseIndexItems(
  table: Table,
  before: CaseRecord | undefined,
  after: CaseRecord,
): TransactItem[] {
  const items: TransactItem[] = [];
  const was = isOverdue(before) ? overdueKey(before!.level, before!.caseNumber) : undefined;
  const now = isOverdue(after) ? overdueKey(after.level, after.caseNumber) : undefined;
  const sameKey = was && now && was.pk === now.pk;
  if (was && !sameKey) items.push({ Delete: { TableName: table.name, Key: was } });
  if (now && !sameKey)
    items.push({
      Put: {
        TableName: table.name,
        Item: {
          ...now,
          caseNumber: after.caseNumber,
          level: after.level,
          regionId: after.handlingRegionId,
          // The deadline that lapsed: the step's as it was when the case turned overdue (the
          // `…Late` step that follows has the grace period's).
          dueAt: before?.openStep?.dueAt ?? after.openStep?.dueAt ?? after.updatedAt,
          since: after.updatedAt,
          reminders: 0,
        },
      },
    });
  if (after.status === 'closed' && before?.status !== 'closed' && after.closedAt)
    items.push({
      Put: {
        TableName: table.name,
        Item: {
          ...retentionKey(after.closedAt, after.caseNumber),
          caseNumber: after.caseNumber,
          closedAt: after.closedAt,
        },
      },
    });
  return items;
}

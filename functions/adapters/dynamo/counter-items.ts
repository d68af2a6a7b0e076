// The statistics counters a case change adds to, as items of its transaction: each counter added up the regions tree (docs/statistics.md).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StatisticsEvent } from '../../domain/case.ts';
import { rollupOf } from '../../domain/statistics-counters.ts';
import { businessMonth } from '../../domain/time.ts';
import type { HandlingLevel } from '../../domain/vocabulary.ts';
import { childName, counterKey, totalName } from './statistics-counter-names.ts';
import type { Table } from './table-client.ts';
import type { TransactItem } from './transact.ts';

/** One statistics counter bumped with an event: by month, event, handling region, category. */
export interface CounterBump {
  event: StatisticsEvent;
  at: string;
  regionId: string;
  level: HandlingLevel;
  category: string;
  /** A sub-figure: a closure type, `granted`/`rejected`, `mediate`, `first`… */
  qualifier?: string;
  /** Added to the counter: 1 by default (a rating adds its score to a sum counter too). */
  by?: number;
}

/** How long a warm function trusts the regions tree it read (an edit of the tree shows within it). */
const TREE_TTL_MS = 60_000;
const trees = new Map<string, { at: number; parentOf: Map<string, string | null> }>();

/** Each region's parent, from the city's `REGION#` items; read again after a minute or for a region it does not know. */
export async function regionParents(
  table: Table,
  cityId: string,
  regionIds: readonly string[],
): Promise<ReadonlyMap<string, string | null>> {
  const id = `${table.name}|${cityId}`;
  const cached = trees.get(id);
  if (
    cached &&
    Date.now() - cached.at < TREE_TTL_MS &&
    regionIds.every((r) => cached.parentOf.has(r))
  )
    return cached.parentOf;
  const parentOf = new Map<string, string | null>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :region)',
        ExpressionAttributeValues: { ':pk': `CITY#${cityId}`, ':region': 'REGION#' },
        ProjectionExpression: 'id, parentId',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? [])
      parentOf.set(String(item.id), item.parentId ? String(item.parentId) : null);
    start = page.LastEvaluatedKey;
  } while (start);
  trees.set(id, { at: Date.now(), parentOf });
  return parentOf;
}

/**
 * The updates of the counters bumped: each counter is added to the month's item of its region
 * and of every region above it (`R#<region>` for what a report reads, `N#<region>` for the
 * rest), as `<level>#<category>#<event>#<qualifier>`, and above its region also to the child it
 * lies under, as `@<child>#<level>#<event>#<qualifier>`. Bumps of one item are merged into one
 * update (a transaction touches an item once), and of one attribute into one `ADD`.
 */
export function counterItems(
  table: Table,
  counters: readonly CounterBump[],
  parentOf: ReadonlyMap<string, string | null>,
): TransactItem[] {
  const merged = new Map<
    string,
    { key: { pk: string; sk: string }; regionId: string; adds: Map<string, number> }
  >();
  for (const bump of counters) {
    const counter = { ...bump, qualifier: bump.qualifier ?? '-' };
    const month = businessMonth(new Date(bump.at));
    for (const target of rollupOf(parentOf, bump.regionId)) {
      const key = counterKey(month, target.regionId, counter);
      const id = `${key.pk}|${key.sk}`;
      const item = merged.get(id) ?? { key, regionId: target.regionId, adds: new Map() };
      merged.set(id, item);
      const names = [
        totalName(counter),
        ...(target.child ? [childName(target.child, counter)] : []),
      ];
      for (const name of names) item.adds.set(name, (item.adds.get(name) ?? 0) + (bump.by ?? 1));
    }
  }
  return [...merged.values()].map(({ key, regionId, adds }) => {
    const names: Record<string, string> = {};
    const values: Record<string, string | number> = { ':region': regionId };
    const clauses = [...adds].map(([counter, by], i) => {
      names[`#c${i}`] = counter;
      values[`:c${i}`] = by;
      return `#c${i} :c${i}`;
    });
    return {
      Update: {
        TableName: table.name,
        Key: key,
        UpdateExpression: `ADD ${clauses.join(', ')} SET regionId = :region`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
}

// DynamoDB adapter of the statistics counters: the scope region's `R#<region>` item of each month (its children's too for one category), by BatchGetItem; never a Scan.
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { SubtreeCounters } from '../../domain/statistics.ts';
import type { StatisticsStore } from '../statistics-store.port.ts';
import { parseCounterName, reportKey } from './statistics-counter-names.ts';
import type { Table } from './table-client.ts';

/** BatchGetItem reads at most 100 keys at a time. */
const BATCH = 100;

type Key = { pk: string; sk: string };

/** The items of these keys that exist: 100 keys a request, in parallel, unprocessed keys again. */
async function itemsOf(table: Table, keys: readonly Key[]): Promise<Record<string, unknown>[]> {
  const chunks: Key[][] = [];
  for (let i = 0; i < keys.length; i += BATCH) chunks.push(keys.slice(i, i + BATCH));
  const pages = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Record<string, unknown>[] = [];
      let pending: Record<string, unknown>[] | undefined = chunk;
      for (let round = 0; pending?.length; round++) {
        if (round === 10) throw new Error('statistics counters: keys left unprocessed');
        if (round) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
        const out: BatchGetCommandOutput = await table.doc.send(
          new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending } } }),
        );
        items.push(...(out.Responses?.[table.name] ?? []));
        pending = out.UnprocessedKeys?.[table.name]?.Keys;
      }
      return items;
    }),
  );
  return pages.flat();
}

export function dynamoStatisticsStore(table: Table): StatisticsStore {
  return {
    async countersOf({ months, regionId, childIds, category }) {
      const keys = months.flatMap((month) => [
        reportKey(month, regionId),
        // One category's by-region figures come from the children's own items.
        ...(category ? childIds.map((child) => reportKey(month, child)) : []),
      ]);
      const totals: SubtreeCounters['totals'][number][] = [];
      const children: SubtreeCounters['children'][number][] = [];
      const own = reportKey('', regionId).sk;
      for (const item of await itemsOf(table, keys)) {
        const month = String(item.pk).slice('STAT#'.length);
        const sk = String(item.sk);
        for (const [name, count] of Object.entries(item)) {
          if (typeof count !== 'number') continue;
          const counter = parseCounterName(name);
          if (!counter) continue;
          const { event, level, qualifier } = counter;
          if (sk !== own) {
            // A child's item: its totals of the one category asked for.
            if (counter.kind === 'total' && counter.category === category)
              children.push({
                month,
                regionId: sk.slice(2),
                level,
                category,
                event,
                qualifier,
                count,
              });
          } else if (counter.kind === 'total')
            totals.push({ month, level, category: counter.category, event, qualifier, count });
          else if (!category)
            children.push({ month, regionId: counter.regionId, level, event, qualifier, count });
        }
      }
      return { totals, children };
    },
  };
}

// DynamoDB adapter of the statistics counters: the scope region's `R#<region>` item of each month (its children's too for one category), by BatchGetItem; never a Scan.
import type { SubtreeCounters } from '../../domain/statistics.ts';
import type { StatisticsStore } from '../statistics-store.port.ts';
import { batchGetAll } from './batch-get.ts';
import { parseCounterName, reportKey } from './statistics-counter-names.ts';
import type { Table } from './table-client.ts';

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
      for (const item of await batchGetAll(table, keys)) {
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

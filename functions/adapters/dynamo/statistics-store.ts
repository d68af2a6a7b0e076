// DynamoDB adapter of the statistics counters: one Query of the month's `STAT#<month>` partition per month, in parallel; never a Scan.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CounterRow } from '../../domain/statistics.ts';
import type { HandlingLevel } from '../../domain/vocabulary.ts';
import type { StatisticsStore } from '../statistics-store.port.ts';
import { parseCounterName } from './statistics-counter-names.ts';
import type { Table } from './table-client.ts';

export function dynamoStatisticsStore(table: Table): StatisticsStore {
  /** One month's counters: an item per region and level (`<region>#<level>`), page after page. */
  async function month(month: string): Promise<CounterRow[]> {
    const rows: CounterRow[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `STAT#${month}` },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const regionId = String(item.regionId ?? '');
        const level = item.level as HandlingLevel;
        for (const [name, count] of Object.entries(item)) {
          const counter = typeof count === 'number' ? parseCounterName(name) : undefined;
          if (counter) rows.push({ month, regionId, level, ...counter, count });
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return rows;
  }

  return {
    async countersOf(months) {
      return (await Promise.all(months.map(month))).flat();
    },
  };
}

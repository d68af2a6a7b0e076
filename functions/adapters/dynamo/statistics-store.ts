// DynamoDB adapter of the statistics counters: one Query of the month's `STAT#<month>` partition per month, in parallel; never a Scan.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StatisticsEvent } from '../../domain/case.ts';
import type { CounterRow } from '../../domain/statistics.ts';
import type { HandlingLevel } from '../../domain/vocabulary.ts';
import type { StatisticsStore } from '../statistics-store.port.ts';
import type { Table } from './table-client.ts';

export function dynamoStatisticsStore(table: Table): StatisticsStore {
  /** One month's counters (`<event>#<region>#<category>#<qualifier>`), page after page. */
  async function month(month: string): Promise<CounterRow[]> {
    const rows: CounterRow[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `STAT#${month}` },
          ProjectionExpression: 'sk, #count, #level',
          ExpressionAttributeNames: { '#count': 'count', '#level': 'level' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const [event, regionId, category, ...rest] = String(item.sk).split('#');
        rows.push({
          month,
          event: event as StatisticsEvent,
          regionId: regionId ?? '',
          category: category ?? '',
          qualifier: rest.join('#') || '-',
          level: item.level as HandlingLevel,
          count: Number(item.count ?? 0),
        });
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

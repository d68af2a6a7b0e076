// What the statistics routes (the agency's report, the public figures) are built from; the counters' adapter is loaded on first use.
import type { Table } from '#adapters/dynamo/table-client.ts';
import type { StatisticsDeps } from '#use-cases/statistics.ts';
import type { RouteContext } from '../route-context.ts';

const counters = (table: Table): StatisticsDeps['statistics'] => ({
  countersOf: async (input) =>
    (await import('#adapters/dynamo/statistics-store.ts'))
      .dynamoStatisticsStore(table)
      .countersOf(input),
});

export function statisticsDepsOf(context: RouteContext): StatisticsDeps {
  return {
    statistics: counters(context.deps.table),
    city: async () => (await context.catalogue()).city,
    clock: context.deps.clock,
  };
}

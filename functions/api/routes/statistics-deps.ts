// What the statistics routes (the agency's report, the public figures) are built from.
import { dynamoStatisticsStore } from '#adapters/dynamo/statistics-store.ts';
import type { StatisticsDeps } from '#use-cases/statistics.ts';
import type { RouteContext } from '../route-context.ts';

export function statisticsDepsOf(context: RouteContext): StatisticsDeps {
  return {
    statistics: dynamoStatisticsStore(context.deps.table),
    city: async () => (await context.catalogue()).city,
    clock: context.deps.clock,
  };
}

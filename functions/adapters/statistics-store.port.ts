// Port: the statistics counters (written with each case change by the case store, added up the regions tree), read for one scope.
import type { SubtreeCounters } from '../domain/statistics.ts';

export interface StatisticsStore {
  /**
   * What did these business months (`YYYY-MM`) gather in the region's subtree, and in each of
   * its children's (`childIds`)? With `category`, the children's totals are that category's.
   */
  countersOf(input: {
    months: readonly string[];
    regionId: string;
    childIds: readonly string[];
    category?: string;
  }): Promise<SubtreeCounters>;
}

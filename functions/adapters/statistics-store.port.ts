// Port: the statistics counters (written with each case change by the case store), read month by month.
import type { CounterRow } from '../domain/statistics.ts';

export interface StatisticsStore {
  /** Which counters did these business months (`YYYY-MM`) gather? Every region, level and category. */
  countersOf(months: readonly string[]): Promise<CounterRow[]>;
}

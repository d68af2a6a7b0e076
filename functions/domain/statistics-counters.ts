// What the statistics counters' writers (the case use cases) and their reader (statistics.ts) agree on: the qualifiers, and days counted in calendar days.
import { businessDate } from './time.ts';
import type { ClosureType } from './vocabulary.ts';

/** The qualifiers of the counters (the sort key's last part), named once for writers and reader. */
export const qualifiers = {
  firstTriage: 'first',
  laterTriage: 'again',
  /** A counter bumped in the month the case was accepted, where it was accepted. */
  cohort: 'cohort',
  /** `closed` by `days`: the sum of calendar days from acceptance. */
  days: 'days',
  /** `closed` of a case whose mediation began, by closure type. */
  mediated: (closure: ClosureType) => `mediated:${closure}`,
  /** `rated` by `sum`: the sum of the scores. */
  scoreSum: 'sum',
} as const;

/** Calendar days (Asia/Shanghai) from acceptance to closing: the same day is 0. */
export function daysToConclude(acceptedAt: string, closedAt: string): number {
  const day = (iso: string) => Date.parse(`${businessDate(new Date(iso))}T00:00:00Z`);
  return Math.max(0, Math.round((day(closedAt) - day(acceptedAt)) / 86_400_000));
}

// What the statistics counters' writers (the case use cases, the case store) and their reader (statistics.ts) agree on: the qualifiers, what each adds to the figures, where it is rolled up, days in calendar days.
import type { StatisticsEvent } from './case.ts';
import { businessDate } from './time.ts';
import { type ClosureType, closureTypes } from './vocabulary.ts';

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

/** The closures that count as a mediation success (a referral counts as unsuccessful). */
export const successfulClosures: readonly ClosureType[] = [
  'agreement_performed',
  'agreement_not_performed',
];

/** The sums the figures are made of, each from the counters named beside it. */
export interface Tally {
  /** `triaged` `first`. */
  accepted: number;
  /** `closed` by any closure type. */
  concluded: number;
  /** `closed` `cohort`. */
  closedOfCohort: number;
  /** `escalated` `cohort`. */
  escalatedOfCohort: number;
  /** `closed` `mediated:<any closure type>`. */
  began: number;
  /** `closed` `mediated:<a successful closure>`. */
  successes: number;
  /** `closed` `days`. */
  days: number;
  /** `rated` `1`…`5`. */
  ratings: number;
  /** `rated` `sum`. */
  scoreSum: number;
  /** `rated` `4` and `5`. */
  high: number;
  /** `confirmation_decided` `granted`. */
  granted: number;
  /** `confirmation_decided` `rejected`. */
  rejected: number;
}

export const emptyTally = (): Tally => ({
  accepted: 0,
  concluded: 0,
  closedOfCohort: 0,
  escalatedOfCohort: 0,
  began: 0,
  successes: 0,
  days: 0,
  ratings: 0,
  scoreSum: 0,
  high: 0,
  granted: 0,
  rejected: 0,
});

const closure = new Set<string>(closureTypes);
const mediated = new Set<string>(closureTypes.map(qualifiers.mediated));
const succeeded = new Set<string>(successfulClosures.map(qualifiers.mediated));
const scores = new Set(['1', '2', '3', '4', '5']);

/** Adds one counter to the sums it belongs to (the one place a counter's meaning is decided). */
export function addToTally(
  tally: Tally,
  row: { event: StatisticsEvent; qualifier: string; count: number },
) {
  const { qualifier: q, count: n } = row;
  switch (row.event) {
    case 'triaged':
      if (q === qualifiers.firstTriage) tally.accepted += n;
      break;
    case 'closed':
      if (closure.has(q)) tally.concluded += n;
      if (q === qualifiers.cohort) tally.closedOfCohort += n;
      if (mediated.has(q)) tally.began += n;
      if (succeeded.has(q)) tally.successes += n;
      if (q === qualifiers.days) tally.days += n;
      break;
    case 'escalated':
      if (q === qualifiers.cohort) tally.escalatedOfCohort += n;
      break;
    case 'rated':
      if (scores.has(q)) tally.ratings += n;
      if (q === qualifiers.scoreSum) tally.scoreSum += n;
      if (q === '4' || q === '5') tally.high += n;
      break;
    case 'confirmation_decided':
      if (q === 'granted') tally.granted += n;
      if (q === 'rejected') tally.rejected += n;
      break;
    default:
      break;
  }
}

/** Whether a counter adds to any figure of the report (the others are kept beside it, for later figures). */
export function countsInReport(event: StatisticsEvent, qualifier: string): boolean {
  const tally = emptyTally();
  addToTally(tally, { event, qualifier, count: 1 });
  return Object.values(tally).some((n) => n !== 0);
}

/**
 * Where a counter bumped at `regionId` is added up (docs/statistics.md): to the subtree total of
 * the region and of each region above it, and, in each region above it, to the total of the
 * child it lies under (a report's by-region figures). Nearest first; a region unknown to the
 * tree (removed since) keeps its own total only.
 */
export function rollupOf(
  parentOf: ReadonlyMap<string, string | null>,
  regionId: string,
): { regionId: string; child?: string }[] {
  const targets: { regionId: string; child?: string }[] = [{ regionId }];
  const seen = new Set([regionId]);
  for (let child = regionId, parent = parentOf.get(regionId); parent; ) {
    if (seen.has(parent)) break; // a cycle in a config being edited: stop rather than loop
    seen.add(parent);
    targets.push({ regionId: parent, child });
    child = parent;
    parent = parentOf.get(parent);
  }
  return targets;
}

// The DOMAIN.md figures recounted by brute force from each case's timeline events: the check of the counters (shares no code with statistics.ts but the result's shape).
import type { Figures } from './statistics.ts';

/** One case as its timeline tells it. */
export interface CaseHistory {
  category: string;
  events: readonly {
    seq: number;
    at: string;
    type: string;
    data?: Record<string, unknown>;
  }[];
}

export interface EventScope {
  /** The months of the period, `YYYY-MM` in Asia/Shanghai. */
  months: readonly string[];
  /** Every region id of the scope's subtree. */
  regionIds: ReadonlySet<string>;
  level?: string;
  category?: string;
}

const SHANGHAI_MS = 8 * 3_600_000;
/** The Asia/Shanghai calendar date of an instant, as `YYYY-MM-DD`. */
const shanghaiDay = (iso: string) =>
  new Date(Date.parse(iso) + SHANGHAI_MS).toISOString().slice(0, 10);

/** Recounts every figure of the period and scope from the events of every case. */
export function figuresFromEvents(cases: readonly CaseHistory[], scope: EventScope): Figures {
  const inPeriod = (iso: string) => scope.months.includes(shanghaiDay(iso).slice(0, 7));
  const inScope = (category: string, place: { regionId: string; level: string }) =>
    scope.regionIds.has(place.regionId) &&
    (scope.level === undefined || place.level === scope.level) &&
    (scope.category === undefined || category === scope.category);

  let accepted = 0;
  let cohortClosed = 0;
  let cohortEscalated = 0;
  let concluded = 0;
  let dayTotal = 0;
  let began = 0;
  let succeeded = 0;
  let granted = 0;
  let rejected = 0;
  const scores: number[] = [];

  for (const history of cases) {
    const events = [...history.events].sort((a, b) => a.seq - b.seq);
    // Where the case is handled at each event: the region of the last triage before it.
    let place: { regionId: string; level: string } | undefined;
    let acceptance: { at: string; regionId: string; level: string } | undefined;
    let mediationBegan = false;
    let escalated = false;
    let closed: { at: string; closureType: string } | undefined;
    for (const event of events) {
      const data = event.data ?? {};
      switch (event.type) {
        case 'triaged':
          place = { regionId: String(data.regionId), level: String(data.level) };
          acceptance ??= { at: event.at, ...place };
          break;
        case 'diagnosed':
          if (data.mediate === true && data.consent === true) mediationBegan = true;
          break;
        case 'escalated':
          escalated = true;
          break;
        case 'closed':
          closed = { at: event.at, closureType: String(data.closureType) };
          if (place && inPeriod(event.at) && inScope(history.category, place)) {
            concluded += 1;
            if (acceptance) {
              const from = Date.parse(`${shanghaiDay(acceptance.at)}T00:00:00Z`);
              const to = Date.parse(`${shanghaiDay(event.at)}T00:00:00Z`);
              dayTotal += (to - from) / 86_400_000;
            }
            if (mediationBegan) {
              began += 1;
              if (
                closed.closureType === 'agreement_performed' ||
                closed.closureType === 'agreement_not_performed'
              )
                succeeded += 1;
            }
          }
          break;
        case 'confirmation_decided':
          if (place && inPeriod(event.at) && inScope(history.category, place)) {
            if (data.granted === true) granted += 1;
            else rejected += 1;
          }
          break;
        case 'rated':
          if (place && inPeriod(event.at) && inScope(history.category, place))
            scores.push(Number(data.score));
          break;
      }
    }
    if (acceptance && inPeriod(acceptance.at) && inScope(history.category, acceptance)) {
      accepted += 1;
      if (closed) cohortClosed += 1;
      if (escalated) cohortEscalated += 1;
    }
  }

  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return {
    accepted,
    concluded,
    closureRate: { closed: cohortClosed, accepted, rate: ratio(cohortClosed, accepted) },
    successRate: { succeeded, began, rate: ratio(succeeded, began) },
    confirmations: { granted, rejected },
    escalationRate: {
      escalated: cohortEscalated,
      accepted,
      rate: ratio(cohortEscalated, accepted),
    },
    averageDaysToConclude: ratio(dayTotal, concluded),
    satisfaction: {
      ratings: scores.length,
      mean: ratio(
        scores.reduce((a, b) => a + b, 0),
        scores.length,
      ),
      share4to5: ratio(scores.filter((s) => s >= 4).length, scores.length),
    },
  };
}

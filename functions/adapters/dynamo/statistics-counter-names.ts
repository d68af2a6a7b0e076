// Where a statistics counter lives (docs/statistics.md): its month-and-region item, and its attribute names there.
import type { StatisticsEvent } from '../../domain/case.ts';
import { countsInReport } from '../../domain/statistics-counters.ts';
import type { HandlingLevel } from '../../domain/vocabulary.ts';

/**
 * The item of a region's subtree totals in a month: `R#<region>` holds the counters a report
 * reads, `N#<region>` the others (kept for later figures), so a report reads no more than it uses.
 */
export const counterKey = (
  month: string,
  regionId: string,
  counter: { event: StatisticsEvent; qualifier: string },
) => ({
  pk: `STAT#${month}`,
  sk: `${countsInReport(counter.event, counter.qualifier) ? 'R' : 'N'}#${regionId}`,
});

/** The report's item of a region's subtree in a month. */
export const reportKey = (month: string, regionId: string) => ({
  pk: `STAT#${month}`,
  sk: `R#${regionId}`,
});

interface Counter {
  event: StatisticsEvent;
  level: HandlingLevel;
  /** `-` stands for none. */
  qualifier: string;
}

/** A subtree total's attribute: `<level>#<category>#<event>#<qualifier>`. */
export const totalName = (c: Counter & { category: string }) =>
  `${c.level}#${c.category}#${c.event}#${c.qualifier}`;

/** A child's total (every category added up) in its parent's item: `@<child>#<level>#<event>#<qualifier>`. */
export const childName = (child: string, c: Counter) =>
  `@${child}#${c.level}#${c.event}#${c.qualifier}`;

/** What an attribute of a counters item counts, or undefined for another attribute. */
export function parseCounterName(
  name: string,
):
  | ({ kind: 'total'; category: string } & Counter)
  | ({ kind: 'child'; regionId: string } & Counter)
  | undefined {
  const [first, second, third, fourth, ...rest] = name.split('#');
  if (!first || !second || !third || fourth === undefined || rest.length) return undefined;
  if (first.startsWith('@'))
    return {
      kind: 'child',
      regionId: first.slice(1),
      level: second as HandlingLevel,
      event: third as StatisticsEvent,
      qualifier: fourth,
    };
  return {
    kind: 'total',
    level: first as HandlingLevel,
    category: second,
    event: third as StatisticsEvent,
    qualifier: fourth,
  };
}

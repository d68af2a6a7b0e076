// The name of a statistics counter inside its month-region-level item: `<event>#<category>#<qualifier>`.
import type { StatisticsEvent } from '../../domain/case.ts';

/** A counter's attribute name; `-` stands for no qualifier. Every name holds a `#`, no other attribute does. */
export const counterName = (event: StatisticsEvent, category: string, qualifier = '-') =>
  `${event}#${category}#${qualifier}`;

/** The event, category and qualifier of an attribute name, or undefined for another attribute. */
export function parseCounterName(
  name: string,
): { event: StatisticsEvent; category: string; qualifier: string } | undefined {
  const [event, category, ...rest] = name.split('#');
  if (!event || category === undefined || rest.length === 0) return undefined;
  return { event: event as StatisticsEvent, category, qualifier: rest.join('#') || '-' };
}

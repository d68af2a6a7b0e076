// Shorthands for writing a city's seed by hand: weekly hours, weekly shifts and runs of holiday dates.
import type { z } from 'zod';
import { addDays } from '../domain/working-days.ts';
import type { CalendarDay, OpeningHours, Shift, Weekday } from './city-schema.ts';

/** An interval of one day, 'HH:MM' to 'HH:MM'. */
export type Period = readonly [start: string, end: string];

// Office hours of Ningxia's government service halls: a morning and an afternoon sitting.
export const morning: Period = ['08:30', '12:00'];
export const afternoon: Period = ['14:30', '18:00'];
export const saturdayMorning: Period = ['09:00', '12:00'];
export const mondayToFriday: readonly Weekday[] = [1, 2, 3, 4, 5];

/** The same opening periods on each of the given weekdays. */
export function weeklyHours(
  weekdays: readonly Weekday[],
  ...periods: readonly Period[]
): z.input<typeof OpeningHours>[] {
  return weekdays.flatMap((weekday) => periods.map(([open, close]) => ({ weekday, open, close })));
}

/** A member's shifts at one service point: the same period on each of the given weekdays. */
export function shiftsAt(
  servicePointId: string,
  weekdays: readonly Weekday[],
  [start, end]: Period,
): z.input<typeof Shift>[] {
  return weekdays.map((weekday) => ({ weekday, start, end, servicePointId }));
}

/** One calendar entry per date from `from` to `to` inclusive, all with the same name. */
export function dateRun(
  from: string,
  to: string,
  name: string,
  nameEn: string,
): z.input<typeof CalendarDay>[] {
  const days: z.input<typeof CalendarDay>[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) days.push({ date, name, nameEn });
  return days;
}

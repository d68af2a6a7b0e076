// When a triaged case's diagnosis step (问诊) opens and when it is due, in working days (Asia/Shanghai).
import { businessDate, businessInstant, toBusinessIso } from './time.ts';
import { addDays, type HolidayCalendar, isWorkingDay } from './working-days.ts';

/** Offices open at 09:00 and a day's work is due by 18:00, business time. */
const OPENS_AT = '09:00';
const DUE_AT = '18:00';

export interface DiagnosisSchedule {
  /** The next working day after triage, 09:00: the mediator's diagnosis step opens. */
  opensAt: string;
  /** The end (18:00) of the `diagnosisDays`-th working day, counting the opening day. */
  dueAt: string;
  /** From opening to due, in whole seconds: the ASL's TimeoutSecondsPath reads it. */
  timeoutSeconds: number;
}

function nextWorkingDay(date: string, calendar: HolidayCalendar): string {
  let day = addDays(date, 1);
  // A year of holidays in a row would be a broken calendar, not a long wait.
  for (let guard = 0; !isWorkingDay(day, calendar); guard++) {
    if (guard > 366) throw new RangeError(`no working day within a year after ${date}`);
    day = addDays(day, 1);
  }
  return day;
}

export function diagnosisSchedule(
  triagedAt: Date,
  calendar: HolidayCalendar,
  diagnosisDays: number,
): DiagnosisSchedule {
  if (!Number.isInteger(diagnosisDays) || diagnosisDays < 1)
    throw new RangeError(`diagnosisDays must be a positive integer, got ${diagnosisDays}`);
  const opensOn = nextWorkingDay(businessDate(triagedAt), calendar);
  let dueOn = opensOn;
  for (let day = 1; day < diagnosisDays; day++) dueOn = nextWorkingDay(dueOn, calendar);
  const opens = businessInstant(opensOn, OPENS_AT);
  const due = businessInstant(dueOn, DUE_AT);
  return {
    opensAt: toBusinessIso(opens),
    dueAt: toBusinessIso(due),
    timeoutSeconds: Math.round((due.getTime() - opens.getTime()) / 1000),
  };
}

// Port: the overdue list (督办) — which cases are past a step's deadline at each level, with the agency's reminders — and whom a reminder reaches.
import type { CaseRecord } from '../domain/case.ts';
import type { HandlingLevel } from '../domain/vocabulary.ts';
import type { ExtraItem } from './dynamo/case-store.ts';

/** A case on the overdue list, as its index item holds it. */
export interface OverdueEntry {
  caseNumber: string;
  level: HandlingLevel;
  regionId: string;
  /** The step's deadline that lapsed. */
  dueAt: string;
  /** When the case turned overdue (the supervision notice). */
  since: string;
  reminders: number;
  lastRemindedAt?: string;
}

export interface SupervisionStore {
  /** Which cases are overdue at this level? */
  overdue(level: HandlingLevel): Promise<OverdueEntry[]>;
  /** These cases' records (the overdue list's current stage, step and assignee), by number. */
  cases(caseNumbers: readonly string[]): Promise<Map<string, CaseRecord>>;
  /**
   * The reminder counted on the case's overdue entry, as an item of the case change that
   * records the reminder; it fails (the change is rejected) once the case is no longer overdue.
   */
  reminderItem(level: HandlingLevel, caseNumber: string, at: string): ExtraItem;
  /** The e-mail address on an enabled staff account (`issuer#sub`), if it has one. */
  staffEmail(subject: string): Promise<string | undefined>;
}

// Use cases: reminders of scheduled sessions to every party and member, at the city's lead times (items written with the session, sent by the reminder runner).
import type { ExtraItem } from '../adapters/dynamo/case-store.ts';
import type { CaseSession } from '../domain/case.ts';
import { businessDate } from '../domain/time.ts';
import { type CaseDeps, cityOf, tellMembers, tellParties } from './case-parties.ts';

/** The first lead time still ahead (and after `after`), as a UTC ISO instant. */
export function sessionRemindAt(
  leadHours: readonly number[],
  startsAt: string,
  now: Date,
  after?: string,
): string | undefined {
  const start = new Date(startsAt).getTime();
  for (const lead of [...leadHours].sort((a, b) => b - a)) {
    const at = new Date(start - lead * 3_600_000);
    if (at > now && (!after || at.toISOString() > after)) return at.toISOString();
  }
  return undefined;
}

const reminderKey = (remindAt: string, caseNumber: string, sessionId: string) => ({
  pk: `SESSIONREMIND#${businessDate(new Date(remindAt))}`,
  sk: `${remindAt}#${caseNumber}#${sessionId}`,
});

/** The reminder item a scheduled (or moved) session writes in the same transaction. */
export function sessionReminderItem(
  leadHours: readonly number[],
  caseNumber: string,
  session: Pick<CaseSession, 'sessionId' | 'startsAt'>,
  now: Date,
): ExtraItem[] {
  const remindAt = sessionRemindAt(leadHours, session.startsAt, now);
  if (!remindAt) return [];
  return [
    {
      Put: {
        Item: {
          ...reminderKey(remindAt, caseNumber, session.sessionId),
          caseNumber,
          sessionId: session.sessionId,
          startsAt: session.startsAt,
        },
      },
    },
  ];
}

/**
 * Sends the session reminders now due: each item is claimed once (deleted under a condition),
 * skipped when the session moved or was held meanwhile, and followed by the next lead's item.
 */
export async function sendDueSessionReminders(
  deps: CaseDeps & { reminders: SessionReminderStore },
): Promise<number> {
  const now = deps.clock.now();
  const city = await cityOf(deps);
  let sent = 0;
  for (const due of await deps.reminders.due(now)) {
    if (!(await deps.reminders.claim(due))) continue;
    const record = await deps.cases.get(due.caseNumber);
    const session = record?.sessions.find((s) => s.sessionId === due.sessionId);
    // Moved (the move wrote its own reminder), held, or closed: nothing to remind of.
    if (!record || !session || session.status !== 'scheduled' || session.startsAt !== due.startsAt)
      continue;
    if (new Date(session.startsAt) <= now || record.status === 'closed') continue;
    const when = `${session.startsAt.slice(0, 10)} ${session.startsAt.slice(11, 16)}`;
    await tellParties(deps, record, record.parties, 'session-reminder', () =>
      session.mode === 'video'
        ? `提醒：案件 ${record.caseNumber} 的视频调解会在 ${when} 开始，请在网上查询页面进入。`
        : `提醒：案件 ${record.caseNumber} 的调解会在 ${when} 举行，地点：${session.place ?? '见查询页面'}。`,
    );
    await tellMembers(
      deps,
      record.caseNumber,
      session.memberIds,
      'session-reminder',
      `提醒：案件 ${record.caseNumber} 的调解会在 ${when} ${session.mode === 'video' ? '以视频方式举行' : `举行，地点：${session.place ?? '见案件档案'}`}。`,
      session.sessionId,
    );
    sent++;
    const next = sessionRemindAt(city.reminders.leadHours, session.startsAt, now, due.remindAt);
    if (next) await deps.reminders.put({ ...due, remindAt: next });
  }
  return sent;
}

export interface SessionReminder {
  remindAt: string;
  caseNumber: string;
  sessionId: string;
  startsAt: string;
}

export interface SessionReminderStore {
  due(now: Date): Promise<SessionReminder[]>;
  claim(reminder: SessionReminder): Promise<boolean>;
  put(reminder: SessionReminder): Promise<void>;
}

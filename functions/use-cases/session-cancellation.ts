// A step that ends while a session is still scheduled (escalation, referral, closing) cancels it, giving its members' and room's time back in the same change.
import type { ExtraItem } from '../adapters/dynamo/case-store.ts';
import { sessionCalendarChange } from '../adapters/dynamo/session-calendar.ts';
import type { CaseRecord, CaseSession } from '../domain/case.ts';

/**
 * The case's sessions with every scheduled one marked `cancelled` (and holding nothing), the
 * items that release their calendars, and the sessions cancelled (to tell their members).
 */
export function cancelScheduledSessions(record: Pick<CaseRecord, 'caseNumber' | 'sessions'>): {
  sessions: CaseSession[];
  extra: ExtraItem[];
  cancelled: CaseSession[];
} {
  const cancelled = record.sessions.filter((s) => s.status === 'scheduled');
  const extra = cancelled.flatMap((s) => {
    if (!s.holdsCalendars) return [];
    const change = sessionCalendarChange(record.caseNumber, s, undefined);
    return [...change.claims.flatMap((c) => c.items), ...change.others];
  });
  const sessions = record.sessions.map((s): CaseSession => {
    if (s.status !== 'scheduled') return s;
    const { holdsCalendars: _released, ...rest } = s;
    return { ...rest, status: 'cancelled' };
  });
  return { sessions, extra, cancelled };
}

// A step that ends while a session is still scheduled (escalation, referral, closing) cancels it, giving its members' and room's time back in the same change, and tells its members.
import type { ExtraItem } from '../adapters/dynamo/case-store.ts';
import { sessionCalendarChange } from '../adapters/dynamo/session-calendar.ts';
import type { CaseRecord, CaseSession } from '../domain/case.ts';
import { type CaseDeps, tellMembers } from './case-parties.ts';

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

/** When and where a session meets, as messages say it. */
export const sessionWhen = (s: CaseSession) =>
  `${s.startsAt.slice(0, 10)} ${s.startsAt.slice(11, 16)}${s.mode === 'video' ? '（视频调解）' : s.place ? `，地点：${s.place}` : ''}`;

/** Every member of a cancelled session (but whoever cancelled it) finds it in the portal inbox. */
export async function tellSessionsCancelled(
  deps: Pick<CaseDeps, 'inbox' | 'clock' | 'reportError'>,
  caseNumber: string,
  sessions: readonly CaseSession[],
  except?: string | null,
) {
  for (const session of sessions)
    await tellMembers(
      deps,
      caseNumber,
      session.memberIds.filter((id) => id !== except),
      'session-cancelled',
      `案件 ${caseNumber} 原定 ${sessionWhen(session)} 的调解会已取消（案件已上交、移送或办结）。`,
      session.sessionId,
    );
}

// Use cases of supervision (督办): the overdue cases by level with who is responsible and for how long, a reminder to them, an escalation one level up.
import { CaseChangeRejected } from '../adapters/dynamo/case-store.ts';
import type { OutgoingMessage } from '../adapters/notifier.port.ts';
import type { OverdueEntry, SupervisionStore } from '../adapters/supervision-store.port.ts';
import { isWithinRegion } from '../domain/access.ts';
import { type CaseRecord, escalationTarget } from '../domain/case.ts';
import { NotFound, StageConflict } from '../domain/errors.ts';
import type { FlatRegion } from '../domain/region-tree.ts';
import { businessDate, toBusinessIso } from '../domain/time.ts';
import { type HandlingLevel, handlingLevels } from '../domain/vocabulary.ts';
import { type Actor, endStep } from './case-actions.ts';
import { type CaseDeps, cityOf } from './case-parties.ts';

export interface SupervisionDeps extends CaseDeps {
  supervision: SupervisionStore;
}

export interface OverdueCase {
  caseNumber: string;
  category: string;
  level: HandlingLevel;
  regionId: string;
  regionName: string;
  stage: CaseRecord['stage'];
  /** The open step (ASL state), null between two steps. */
  step: string | null;
  /** The deadline that lapsed. */
  dueAt: string;
  /** Whole business days since that deadline's day (0: it lapsed today). */
  overdueDays: number;
  /** The assignee; null when nobody has taken the case (the level's staff are). */
  responsible: { rosterMemberId: string | null; name: string } | null;
  reminders: number;
  lastRemindedAt: string | null;
}

const DAY_MS = 86_400_000;

/** Calendar days between two instants' business dates. */
function daysBetween(from: Date, to: Date): number {
  const a = Date.parse(`${businessDate(from)}T00:00:00Z`);
  const b = Date.parse(`${businessDate(to)}T00:00:00Z`);
  return Math.max(0, Math.round((b - a) / DAY_MS));
}

const regionMap = (regions: readonly FlatRegion[]) => new Map(regions.map((r) => [r.id, r]));

/**
 * The overdue cases (DOMAIN.md: open cases past a step's deadline now, by the level
 * responsible) inside `withinRegionId`, longest overdue first. Reads one index partition per
 * level and the cases it names; never the whole table.
 */
export async function overdueCases(
  deps: SupervisionDeps,
  input: { withinRegionId: string; level?: HandlingLevel },
): Promise<{ asOf: string; cases: OverdueCase[] }> {
  const city = await cityOf(deps);
  const now = deps.clock.now();
  const regions = regionMap(city.regions);
  const levels = input.level ? [input.level] : handlingLevels;
  const entries = (await Promise.all(levels.map((l) => deps.supervision.overdue(l))))
    .flat()
    .filter((e) => isWithinRegion(e.regionId, input.withinRegionId, regions));
  const records = await deps.supervision.cases(entries.map((e) => e.caseNumber));
  const cases = entries
    .flatMap((entry) => {
      const record = records.get(entry.caseNumber);
      // The index moves with the case in one transaction; a record gone meanwhile is skipped.
      return record?.status === 'overdue' ? [view(entry, record, regions, now)] : [];
    })
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.caseNumber.localeCompare(b.caseNumber));
  return { asOf: toBusinessIso(now), cases };
}

function view(
  entry: OverdueEntry,
  record: CaseRecord,
  regions: Map<string, FlatRegion>,
  now: Date,
): OverdueCase {
  return {
    caseNumber: record.caseNumber,
    category: record.category,
    level: record.level,
    regionId: record.handlingRegionId,
    regionName: regions.get(record.handlingRegionId)?.name ?? record.handlingRegionId,
    stage: record.stage,
    step: record.openStep?.state ?? null,
    dueAt: entry.dueAt,
    overdueDays: daysBetween(new Date(entry.dueAt), now),
    responsible: record.assignee
      ? { rosterMemberId: record.assignee.rosterMemberId, name: record.assignee.name }
      : null,
    reminders: entry.reminders ?? 0,
    lastRemindedAt: entry.lastRemindedAt ?? null,
  };
}

/** An overdue case, or 404 / 409 STAGE_CONFLICT (no longer overdue). */
async function overdueCase(deps: SupervisionDeps, caseNumber: string, action: string) {
  const record = await deps.cases.get(caseNumber);
  if (!record) throw new NotFound({ caseNumber });
  if (record.status !== 'overdue')
    throw new StageConflict({ status: record.status, action }, 'the case is not overdue');
  return record;
}

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Whom a reminder reaches: the assignee's staff account by e-mail (when it has an address), and
 * the handling level's service points by SMS (when their number is a mobile).
 */
async function recipients(
  deps: SupervisionDeps,
  record: CaseRecord,
): Promise<Omit<OutgoingMessage, 'text' | 'purpose'>[]> {
  const city = await cityOf(deps);
  const to: Omit<OutgoingMessage, 'text' | 'purpose'>[] = [];
  const subject = record.assignee?.subject;
  // `roster:<id>` names a member handed the case without a sign-in of their own yet.
  if (subject && !subject.startsWith('roster:')) {
    const email = await deps.supervision.staffEmail(subject);
    if (email) to.push({ channel: 'email', to: email, subject: `督办提醒：${record.caseNumber}` });
  }
  for (const point of city.servicePoints)
    if (point.regionId === record.handlingRegionId && MOBILE.test(point.phone.replace(/\D/g, '')))
      to.push({ channel: 'sms', to: point.phone.replace(/\D/g, '') });
  return to;
}

/**
 * A reminder (催办) to whoever is responsible for an overdue case: a `supervision` event on the
 * timeline and the count on the overdue list in one write, then the messages (a failed send is
 * reported, not thrown: the reminder is recorded either way). `sentTo`: messages sent.
 */
export async function remindOverdue(
  deps: SupervisionDeps,
  caseNumber: string,
  actor: Actor,
): Promise<{ caseNumber: string; remindedAt: string; sentTo: number }> {
  const record = await overdueCase(deps, caseNumber, 'remind');
  const at = toBusinessIso(deps.clock.now());
  const to = await recipients(deps, record);
  let reminded: CaseRecord;
  try {
    ({ record: reminded } = await deps.cases.change(caseNumber, (current) => {
      if (current.status !== 'overdue')
        throw new StageConflict({ status: current.status, action: 'remind' });
      return {
        record: { ...current, updatedAt: at },
        events: [
          {
            type: 'supervision',
            at,
            stage: current.stage,
            actorRole: actor.role,
            data: {
              kind: 'reminder',
              state: current.openStep?.state ?? null,
              toRegionId: current.handlingRegionId,
              toLevel: current.level,
              rosterMemberId: current.assignee?.rosterMemberId ?? null,
              channels: to.map((r) => r.channel),
            },
          },
        ],
        extra: [deps.supervision.reminderItem(current.level, caseNumber, at)],
      };
    }));
  } catch (error) {
    // The overdue entry is gone: the case moved on between the read and the write.
    if (error instanceof CaseChangeRejected)
      throw new StageConflict({ action: 'remind' }, 'the case is not overdue');
    throw error;
  }
  const step = reminded.openStep;
  const due = step ? `（当前环节截止 ${step.dueAt.slice(0, 16).replace('T', ' ')}）` : '';
  const text = `【${deps.cityName}】督办提醒：案件 ${caseNumber} 办理已超期${due}，请尽快办理并在系统中更新进度。`;
  let sent = 0;
  for (const message of to) {
    try {
      await deps.notifier.send({ ...message, purpose: 'supervision', text });
      sent++;
    } catch (error) {
      deps.reportError?.(`supervision reminder on ${caseNumber} failed`, error);
    }
  }
  return { caseNumber, remindedAt: at, sentTo: sent };
}

/**
 * The agency escalates an overdue case one level up (village → town → county): the same step
 * action a mediator takes (endStep), so the workflow escalates it with its events and counters.
 * 409 STAGE_CONFLICT at the highest handling level, or when the open step takes no escalation.
 */
export async function escalateOverdue(
  deps: SupervisionDeps,
  caseNumber: string,
  actor: Actor,
  input: { reason: string; version?: number },
): Promise<{ caseNumber: string; level: HandlingLevel; regionId: string }> {
  const record = await overdueCase(deps, caseNumber, 'escalate');
  const city = await cityOf(deps);
  const target = escalationTarget(city.regions, record.handlingRegionId);
  if (!target)
    throw new StageConflict(
      { level: record.level, action: 'escalate' },
      'the case is at the highest handling level: refer it instead',
    );
  await endStep(deps, caseNumber, actor, input.version ?? record.version, {
    kind: 'escalate',
    reason: input.reason,
  });
  return { caseNumber, level: target.level as HandlingLevel, regionId: target.id };
}

// Use cases the workflow's tasks run: triage, deadlines, supervision (督办), escalation, closing, and opening a human step.
import type { CounterBump } from '../adapters/dynamo/case-store.ts';
import {
  type CaseEvent,
  type CaseRecord,
  type CaseSession,
  deadlineAfter,
  escalationTarget,
  isStepState,
  type StepState,
  signingParties,
  stepStates,
  windowAfter,
} from '../domain/case.ts';
import { diagnosisSchedule } from '../domain/diagnosis-schedule.ts';
import type { FlatRegion } from '../domain/region-tree.ts';
import { daysToConclude, qualifiers } from '../domain/statistics-counters.ts';
import { businessDate, businessInstant, toBusinessIso } from '../domain/time.ts';
import type { ClosureType, HandlingLevel } from '../domain/vocabulary.ts';
import { addDays } from '../domain/working-days.ts';
import {
  bump,
  type CaseDeps,
  cityOf,
  codeMessage,
  cohortBump,
  suggestTrack,
  tellParties,
} from './case-parties.ts';
import { cancelScheduledSessions, tellSessionsCancelled } from './session-cancellation.ts';

/** What every Lambda task returns (the ASL's ResultSelector reads each key; null when not used). */
export interface TaskResult {
  version: number;
  decision: string;
  closureType: ClosureType | null;
  opensAt: string | null;
  dueAt: string | null;
  timeoutSeconds: number | null;
}

export interface TaskInput {
  caseNumber: string;
  /** `$$.State.EnteredTime`: "now" for the task, the same on a retry of the same entry. */
  enteredAt: string;
  /** Identifies this run of this state for this case (a re-run recognises its own write). */
  taskKey: string;
}

const event = (
  type: CaseEvent['type'],
  at: string,
  record: Pick<CaseRecord, 'stage'>,
  data?: Record<string, unknown>,
): Omit<CaseEvent, 'seq'> => ({
  type,
  at,
  stage: record.stage,
  actorRole: 'system',
  ...(data ? { data } : {}),
});

const result = (version: number, decision: string, more: Partial<TaskResult> = {}): TaskResult => ({
  version,
  decision,
  closureType: null,
  opensAt: null,
  dueAt: null,
  timeoutSeconds: null,
  ...more,
});

async function mustGet(deps: CaseDeps, caseNumber: string): Promise<CaseRecord> {
  const record = await deps.cases.get(caseNumber);
  if (!record) throw new Error(`case ${caseNumber} does not exist`);
  return record;
}

/** Accepts the case at its level (`triaged`), suggests the track, and gives the other parties their codes. */
export async function triageCase(deps: CaseDeps, input: TaskInput): Promise<TaskResult> {
  const city = await cityOf(deps);
  const at = input.enteredAt;
  const { record, changed } = await deps.cases.change(
    input.caseNumber,
    (current) => {
      const first = !current.acceptedAt;
      const next: CaseRecord = {
        ...current,
        stage: 'triage',
        status: 'open',
        acceptedAt: current.acceptedAt ?? at,
        // Where the case was accepted: its cohort counters are counted there (statistics).
        ...(first
          ? { acceptedRegionId: current.handlingRegionId, acceptedLevel: current.level }
          : {}),
        track: current.track ?? suggestTrack(current),
        updatedAt: at,
      };
      return {
        record: next,
        events: [
          event('triaged', at, next, {
            level: next.level,
            regionId: next.handlingRegionId,
            suggestedTrack: next.track,
            first,
          }),
        ],
        counters: [bump(next, 'triaged', at, first ? 'first' : 'again')],
      };
    },
    { taskKey: input.taskKey },
  );
  if (changed && record.escalations === 0) {
    const applicant = record.parties.filter((p) => p.role === 'applicant');
    const others = record.parties.filter((p) => p.role !== 'applicant');
    await tellParties(
      deps,
      record,
      applicant,
      'case-accepted',
      () => `您的纠纷调解申请已受理，案件编号 ${record.caseNumber}。调解员将在工作日内与您联系。`,
    );
    await tellParties(deps, record, others, 'tracking-code', (party) =>
      codeMessage(
        deps,
        record,
        party,
        party.role === 'respondent' || party.role === 'co_respondent'
          ? '有一起涉及您的纠纷申请了人民调解，请在网上回复是否同意调解。'
          : '您参与的纠纷调解申请已受理。',
      ),
    );
  }
  const schedule = diagnosisSchedule(new Date(at), city.calendar, city.sla.diagnosisDays);
  return result(record.version, 'triaged', {
    opensAt: schedule.opensAt,
    dueAt: schedule.dueAt,
    timeoutSeconds: schedule.timeoutSeconds,
  });
}

/** Computes a step's deadline from the run-time config, when the step starts. Writes nothing. */
export async function planStep(
  deps: CaseDeps,
  input: TaskInput & { plannedState: string; version: number },
): Promise<TaskResult> {
  const city = await cityOf(deps);
  const now = new Date(input.enteredAt);
  const record = await mustGet(deps, input.caseNumber);
  const { sla } = city;
  const from = (days: number) => {
    const d = deadlineAfter(now, days);
    return result(input.version, 'planned', { opensAt: input.enteredAt, ...d });
  };
  switch (input.plannedState) {
    case 'Session':
      return from(sla.sessionsDays);
    case 'Signing':
      return from(sla.signingDays);
    case 'JudicialReview':
      return from(sla.judicialReviewDays);
    case 'ConfirmationWindow': {
      const effective = new Date(record.agreement?.effectiveAt ?? input.enteredAt);
      const window = windowAfter(effective, sla.judicialConfirmationDays);
      const left = Math.round((new Date(window.dueAt).getTime() - now.getTime()) / 1000);
      return result(input.version, 'planned', {
        opensAt: input.enteredAt,
        dueAt: window.dueAt,
        timeoutSeconds: Math.max(60, left),
      });
    }
    case 'FollowUp': {
      const base =
        record.confirmation?.decidedAt ?? record.agreement?.effectiveAt ?? input.enteredAt;
      const opens = businessInstant(
        addDays(businessDate(new Date(base)), sla.followUpDays),
        '09:00',
      );
      const due = deadlineAfter(opens, sla.followUpDueDays);
      // The case waits for 复诊 in the follow-up stage (the tracking page says when it opens).
      await deps.cases.change(
        input.caseNumber,
        (current) => {
          const { openStep: _done, ...rest } = current;
          const next: CaseRecord = {
            ...rest,
            stage: 'follow_up',
            status: 'open',
            updatedAt: input.enteredAt,
          };
          return {
            record: next,
            events: [
              event('follow_up_scheduled', input.enteredAt, next, {
                opensAt: toBusinessIso(opens),
              }),
            ],
          };
        },
        { taskKey: input.taskKey },
      );
      return result(input.version, 'planned', {
        opensAt: toBusinessIso(opens),
        dueAt: due.dueAt,
        timeoutSeconds: due.timeoutSeconds,
      });
    }
    default:
      throw new Error(`no plan for state ${input.plannedState}`);
  }
}

/** Where a supervision notice (督办) goes: the parent of the handling region (the agency at the root). */
function supervisorOf(regions: readonly FlatRegion[], regionId: string): FlatRegion | undefined {
  const region = regions.find((r) => r.id === regionId);
  return regions.find((r) => r.id === region?.parentId) ?? region;
}

/**
 * A deadline lapsed: the case is marked overdue, a notice goes to the level above (an item the
 * staff portal and the agency console list), and a grace period starts. Never a failure.
 */
export async function superviseCase(
  deps: CaseDeps,
  input: TaskInput & { supervisedState: string },
): Promise<TaskResult> {
  const city = await cityOf(deps);
  const at = input.enteredAt;
  const { record } = await deps.cases.change(
    input.caseNumber,
    (current) => {
      const supervisor = supervisorOf(city.regions, current.handlingRegionId);
      const next: CaseRecord = { ...current, status: 'overdue', updatedAt: at };
      const dueAt = current.openStep?.dueAt ?? null;
      return {
        record: next,
        events: [
          event('supervision', at, next, {
            state: input.supervisedState,
            dueAt,
            toRegionId: supervisor?.id ?? null,
            toLevel: supervisor?.level ?? null,
          }),
        ],
        extra: [
          {
            Put: {
              Item: {
                pk: `NOTICE#${supervisor?.id ?? current.handlingRegionId}`,
                sk: `${at}#${current.caseNumber}#${input.supervisedState}`,
                caseNumber: current.caseNumber,
                state: input.supervisedState,
                stage: current.stage,
                level: current.level,
                handlingRegionId: current.handlingRegionId,
                dueAt,
                at,
              },
            },
          },
        ],
      };
    },
    { taskKey: input.taskKey },
  );
  const grace = deadlineAfter(new Date(at), city.sla.supervisionGraceDays);
  return result(record.version, 'supervised', { opensAt: at, ...grace });
}

/**
 * One level up (village → town → county), re-running diagnosis there; above the highest
 * handling level the case is referred out (closed as referred_litigation by the next state).
 */
export async function escalateCase(
  deps: CaseDeps,
  input: TaskInput & { reason: 'staff' | 'deadline' },
): Promise<TaskResult> {
  const city = await cityOf(deps);
  const at = input.enteredAt;
  let cancelled: CaseSession[] = [];
  const { record } = await deps.cases.change(
    input.caseNumber,
    (current) => {
      const target = escalationTarget(city.regions, current.handlingRegionId);
      // A session still scheduled at this level is cancelled, its members' and room's time given back.
      const cancel = cancelScheduledSessions(current);
      const { sessions, extra } = cancel;
      cancelled = cancel.cancelled;
      if (!target) {
        const next: CaseRecord = { ...current, sessions, updatedAt: at };
        const { openStep: _done, ...rest } = next;
        return {
          record: rest,
          extra,
          events: [
            event('referred', at, next, {
              reason: 'beyond_highest_level',
              level: current.level,
              trigger: input.reason,
            }),
          ],
        };
      }
      const level = target.level as HandlingLevel;
      const { openStep: _done, assignee: _previous, ...rest } = current;
      const next: CaseRecord = {
        ...rest,
        sessions,
        handlingRegionId: target.id,
        level,
        escalations: current.escalations + 1,
        stage: 'triage',
        status: 'open',
        track: 'panel',
        updatedAt: at,
      };
      const counters: CounterBump[] = [
        // Counted where it left, in the month it happened…
        bump(current, 'escalated', at, input.reason),
        // …and, the first time only, in the month and region the case was accepted (the
        // escalation rate's cohort).
        ...(current.escalations === 0 && current.acceptedAt
          ? [cohortBump(current, 'escalated')]
          : []),
        bump(next, 'triaged', at, 'again'),
      ];
      return {
        record: next,
        events: [
          event('escalated', at, next, {
            fromLevel: current.level,
            fromRegionId: current.handlingRegionId,
            toLevel: level,
            toRegionId: target.id,
            trigger: input.reason,
          }),
          event('triaged', at, next, { level, regionId: target.id, first: false }),
        ],
        counters,
        extra,
      };
    },
    { taskKey: input.taskKey },
  );
  await tellSessionsCancelled(deps, record.caseNumber, cancelled);
  // Escalation re-opens triage; a referral leaves the stage where it was (so a re-run can tell).
  if (record.stage !== 'triage')
    return result(record.version, 'close', { closureType: 'referred_litigation' });
  const schedule = diagnosisSchedule(new Date(at), city.calendar, city.sla.diagnosisDays);
  return result(record.version, 'escalated', {
    opensAt: schedule.opensAt,
    dueAt: schedule.dueAt,
    timeoutSeconds: schedule.timeoutSeconds,
  });
}

const closureWords: Record<ClosureType, string> = {
  agreement_performed: '调解协议已履行',
  agreement_not_performed: '调解协议未完全履行',
  no_agreement: '调解未达成协议',
  consent_declined: '对方不同意调解',
  not_mediable: '不属于人民调解受理范围',
  referred_litigation: '已引导通过诉讼等途径解决',
  withdrawn: '申请已撤回',
};

/** Closes the case (`closed`, with its statistics counters) and tells every party. */
export async function closeCase(
  deps: CaseDeps,
  input: TaskInput & { closureType: ClosureType },
): Promise<TaskResult> {
  const at = input.enteredAt;
  let cancelled: CaseSession[] = [];
  const { record, changed } = await deps.cases.change(
    input.caseNumber,
    (current) => {
      const { openStep: _done, ...rest } = current;
      const cancel = cancelScheduledSessions(current);
      const { sessions, extra } = cancel;
      cancelled = cancel.cancelled;
      const next: CaseRecord = {
        ...rest,
        sessions,
        stage: 'closed',
        status: 'closed',
        closureType: input.closureType,
        closedAt: at,
        updatedAt: at,
      };
      const days = daysToConclude(current.acceptedAt ?? current.filedAt, at);
      // Mediation began at any level (a diagnosis with mediate and consent), not only the last one.
      const mediated = Boolean(
        current.mediationBeganAt ||
          (current.diagnosis?.mediable && current.diagnosis.respondentConsents),
      );
      return {
        record: next,
        events: [event('closed', at, next, { closureType: input.closureType, days })],
        counters: [
          bump(next, 'closed', at, input.closureType),
          bump(next, 'closed', at, qualifiers.days, days),
          ...(mediated ? [bump(next, 'closed', at, qualifiers.mediated(input.closureType))] : []),
          // The closure rate's cohort: closed cases counted in the month and region accepted.
          cohortBump(next, 'closed'),
        ],
        extra,
      };
    },
    { taskKey: input.taskKey },
  );
  if (changed) await tellSessionsCancelled(deps, record.caseNumber, cancelled);
  if (changed)
    await tellParties(
      deps,
      record,
      record.parties,
      'case-closed',
      () =>
        `案件 ${record.caseNumber} 已办结：${closureWords[input.closureType]}。感谢您的配合，欢迎在网上评价本次服务。`,
    );
  return result(record.version, 'closed', { closureType: input.closureType });
}

/** The family of a state: `DiagnosisLate` continues `Diagnosis`. */
const familyOf = (state: string) => state.replace(/Late$/, '');

/**
 * A human step opens: the case records the step, its deadline and its token (the API completes
 * the step with it), and the parties asked to act are told. An answer given to the same step
 * just before it timed out is delivered at once on the new token.
 */
export async function openStep(
  deps: CaseDeps,
  input: {
    caseNumber: string;
    state: string;
    token: string;
    openedAt: string;
    timeoutSeconds: number;
  },
): Promise<{ recorded: true }> {
  if (!isStepState(input.state)) throw new Error(`not a human step: ${input.state}`);
  // The deadline the engine enforces: from when the step actually opened (a wait may end late).
  const dueAt = toBusinessIso(
    new Date(new Date(input.openedAt).getTime() + input.timeoutSeconds * 1000),
  );
  const state: StepState = input.state;
  const shape = stepStates[state];
  let carried: CaseRecord['openStep'];
  const { record, changed } = await deps.cases.change(input.caseNumber, (current) => {
    // The same token delivered again (a retry): nothing to write.
    if (current.openStep?.token === input.token) return undefined;
    const previous = current.openStep;
    // Only a step re-opened after its timeout (`…Late`) can inherit an answer: any other entry
    // of a state comes after its previous answer was delivered (another session…).
    carried =
      previous?.answer && state.endsWith('Late') && familyOf(previous.state) === familyOf(state)
        ? previous
        : undefined;
    const next: CaseRecord = {
      ...current,
      stage: shape.stage,
      status: shape.status,
      openStep: {
        state,
        openedAt: input.openedAt,
        dueAt,
        token: input.token,
        ...(carried?.answer ? { answer: carried.answer } : {}),
      },
      updatedAt: input.openedAt,
    };
    return {
      record: next,
      events: [event('step_opened', input.openedAt, next, { state, dueAt })],
    };
  });
  const answer = record.openStep?.token === input.token ? record.openStep.answer : undefined;
  if (answer) {
    await deps.workflow.complete(input.token, answer);
    return { recorded: true };
  }
  if (!changed) return { recorded: true };
  if (state === 'Signing')
    await tellParties(
      deps,
      record,
      signingParties(record),
      'agreement-signing',
      () =>
        `案件 ${record.caseNumber} 的调解协议已拟定，请在网上查看协议内容，并用短信验证码确认签署。`,
    );
  if (state === 'ConfirmationWindow')
    await tellParties(
      deps,
      record,
      signingParties(record),
      'judicial-confirmation',
      () =>
        `案件 ${record.caseNumber} 的调解协议已生效。双方可在30日内共同在网上申请司法确认，确认后协议具有强制执行力。`,
    );
  if (state === 'FollowUp')
    await tellParties(
      deps,
      record,
      signingParties(record),
      'follow-up',
      () => `案件 ${record.caseNumber} 进入回访（复诊）阶段，调解员将了解协议履行情况。`,
    );
  return { recorded: true };
}

// Seeds demo and test cases over every outcome (every closure type, escalations, confirmations granted and rejected, ratings, cases still open) through the real use cases, spread over the last eleven months and every village and category.
import type { CaseWorkflow } from '../adapters/case-workflow.port.ts';
import type { Notifier } from '../adapters/notifier.port.ts';
import type { CaseRecord, FollowUpResult } from '../domain/case.ts';
import { type Clock, toBusinessIso } from '../domain/time.ts';
import type { ClosureType } from '../domain/vocabulary.ts';
import {
  type Actor,
  applyForConfirmation,
  endStep,
  rateCase,
  recordDiagnosis,
  recordFollowUp,
  recordJudicialDecision,
  recordOutcome,
  scheduleSession,
} from './case-actions.ts';
import { type CaseDeps, cityOf } from './case-parties.ts';
import {
  closeCase,
  escalateCase,
  openStep,
  planStep,
  superviseCase,
  triageCase,
} from './case-workflow.ts';
import { fileCase } from './cases.ts';

/** What seeding needs: the case deps but the clock, the workflow and the notifier (the seeder brings its own). */
export type SeedCaseDeps = Omit<CaseDeps, 'clock' | 'workflow' | 'notifier' | 'inbox'>;

export interface SeedSummary {
  caseNumbers: string[];
  /** How many cases closed with each closure type; `open` for those still open. */
  outcomes: Record<string, number>;
  escalations: number;
  confirmations: { granted: number; rejected: number };
  ratings: number;
}

/** A small deterministic generator (mulberry32): the same seed seeds the same cases. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof generator>;

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The workflow engine is not running here: the seeder runs the next task itself (see `seedOne`). */
const drivenWorkflow: CaseWorkflow = {
  start: async () => {},
  complete: async () => 'delivered',
};
const silent: Notifier = { send: async () => {} };

const mediator: Actor = {
  role: 'mediator',
  id: 'seed#mediator',
  name: '示例调解员',
  rosterMemberId: null,
};
const judge: Actor = { role: 'judge', id: 'seed#judge', name: '示例法官', rosterMemberId: null };

/** Where a case is going: drawn once per case, then played step by step. */
type Ending =
  | 'not_mediable'
  | 'consent_declined'
  | 'withdrawn_at_diagnosis'
  | 'withdrawn_in_sessions'
  | 'no_agreement'
  | 'referred'
  | 'agreement';

function drawEnding(random: Random): Ending {
  const roll = random.next();
  if (roll < 0.07) return 'not_mediable';
  if (roll < 0.15) return 'consent_declined';
  if (roll < 0.19) return 'withdrawn_at_diagnosis';
  if (roll < 0.23) return 'withdrawn_in_sessions';
  if (roll < 0.37) return 'no_agreement';
  if (roll < 0.43) return 'referred';
  return 'agreement';
}

/** The case stops (stays open) when its next step would fall after `until`. */
class StillOpen extends Error {}

/**
 * Files and plays `count` cases, `concurrency` at a time. Every write is the real use case's:
 * where the Step Functions workflow would run the next task after a step's answer (triage,
 * planning, supervision, escalation, closing, opening the next step), the seeder calls that task
 * itself, as the workflow's state machine would (functions/workflow/mediation.asl.json).
 */
export async function seedCases(
  deps: SeedCaseDeps,
  count: number,
  options: {
    seed?: number;
    /** The latest time an event may have (now by default): later steps leave the case open. */
    until?: Date;
    /** Cases played at once (each has its own clock). */
    concurrency?: number;
    /** How far back the first cases are filed. */
    months?: number;
  } = {},
): Promise<SeedSummary> {
  // The city's config does not change while seeding: read once, not once per use case.
  const config = deps.cities.readCity(deps.cityId);
  deps = { ...deps, cities: { readCity: () => config } };
  const random = generator(options.seed ?? 1);
  const until = (options.until ?? new Date()).getTime();
  const spanDays = (options.months ?? 11) * 30;
  const city = await cityOf(deps);
  const villages = city.regions.filter((r) => r.level === 'village' || r.level === 'grid');
  const summary: SeedSummary = {
    caseNumbers: [],
    outcomes: {},
    escalations: 0,
    confirmations: { granted: 0, rejected: 0 },
    ratings: 0,
  };
  // Plans are drawn up front, in order, so the same seed gives the same cases at any concurrency.
  const plans = Array.from({ length: count }, (_, i) => ({
    i,
    random: generator(Math.floor(random.next() * 2 ** 32)),
    start: until - random.int(1, spanDays) * DAY - random.int(0, 600) * MINUTE,
  }));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency ?? 24) }, async () => {
      while (next < plans.length) {
        const plan = plans[next++]!;
        const { caseNumber, outcome } = await seedOne(deps, plan, {
          until,
          seed: options.seed ?? 1,
          villages: villages.map((v) => v.id),
          categories: city.categories.map((c) => c.id),
          summary,
        });
        summary.caseNumbers.push(caseNumber);
        summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
      }
    }),
  );
  summary.caseNumbers.sort();
  return summary;
}

async function seedOne(
  base: SeedCaseDeps,
  plan: { i: number; random: Random; start: number },
  world: {
    until: number;
    seed: number;
    villages: string[];
    categories: string[];
    summary: SeedSummary;
  },
): Promise<{ caseNumber: string; outcome: string }> {
  const { random } = plan;
  let now = plan.start;
  const clock: Clock = { now: () => new Date(now) };
  const deps: CaseDeps = { ...base, clock, workflow: drivenWorkflow, notifier: silent };
  /** Moves this case's time on; past `until` the case stays where it is (open). */
  const advance = (ms: number) => {
    if (now + ms > world.until) throw new StillOpen();
    now += ms;
    return toBusinessIso(new Date(now));
  };
  const at = () => toBusinessIso(new Date(now));
  let tasks = 0;
  const task = (caseNumber: string) => ({
    caseNumber,
    enteredAt: at(),
    taskKey: `seed#${caseNumber}#${++tasks}`,
  });
  const current = async (caseNumber: string): Promise<CaseRecord> => {
    const record = await deps.cases.get(caseNumber);
    if (!record) throw new Error(`seeded case ${caseNumber} vanished`);
    return record;
  };
  const open = async (caseNumber: string, state: string) => {
    await openStep(deps, {
      caseNumber,
      state,
      token: `seed-${caseNumber}-${tasks}-${state}`,
      openedAt: at(),
      timeoutSeconds: 10 * 86_400,
    });
  };
  const version = async (caseNumber: string) => (await current(caseNumber)).version;

  // A case this seed filed before (a second run on the same table) is left as it is.
  const intakeKey = `seed-case-${world.seed}-${plan.i}`;
  const filed = await deps.cases.findIntake(intakeKey);
  if (filed) return { caseNumber: filed, outcome: 'seeded_before' };

  const { caseNumber } = await fileCase(
    deps,
    {
      category: random.pick(world.categories),
      description: `示例纠纷 ${plan.i + 1}：双方就${random.pick(['费用', '边界', '赔偿', '工资', '租金'])}问题发生争议，协商未果。`,
      applicant: { name: `申请人${plan.i + 1}` },
      respondent: { name: `被申请人${plan.i + 1}`, address: `示例村${random.int(1, 9)}组` },
      regionId: random.pick(world.villages),
      mode: random.chance(0.2) ? 'video' : 'in_person',
    },
    { intakeKey, filedBy: 'staff' },
  );

  const close = async (closureType: ClosureType) => {
    advance(MINUTE);
    await closeCase(deps, { ...task(caseNumber), closureType });
    return closureType;
  };
  /** The workflow's `Escalate` task; above the county the case is referred out and closed. */
  const escalate = async (reason: 'staff' | 'deadline'): Promise<'escalated' | ClosureType> => {
    advance(MINUTE);
    const answer = await escalateCase(deps, { ...task(caseNumber), reason });
    world.summary.escalations += 1;
    if (answer.decision === 'close') return close('referred_litigation');
    advance(MINUTE);
    await open(caseNumber, 'Diagnosis');
    return 'escalated';
  };
  const session = async () => {
    advance(MINUTE);
    await planStep(deps, {
      ...task(caseNumber),
      plannedState: 'Session',
      version: await version(caseNumber),
    });
    await open(caseNumber, 'Session');
    advance(random.int(1, 7) * DAY);
    const scheduled = await scheduleSession(deps, caseNumber, mediator, await version(caseNumber), {
      startsAt: toBusinessIso(new Date(now + 60 * MINUTE)),
      durationMinutes: 60,
      mode: 'video',
    });
    advance(90 * MINUTE);
    return scheduled.session!.sessionId;
  };

  let outcome: string;
  try {
    advance(5 * MINUTE);
    await triageCase(deps, task(caseNumber));
    await open(caseNumber, 'Diagnosis');
    outcome = await play();
  } catch (error) {
    if (!(error instanceof StillOpen)) throw error;
    outcome = 'open';
  }
  // Ratings come after the closing; one that would fall after `until` is not given.
  if (outcome !== 'open')
    await rate().catch((error: unknown) => {
      if (!(error instanceof StillOpen)) throw error;
    });
  return { caseNumber, outcome };

  async function play(): Promise<string> {
    const ending = drawEnding(random);
    // Up to three escalations (the third, above the county, refers the case out).
    const escalations = random.chance(0.72)
      ? 0
      : random.chance(0.7)
        ? 1
        : random.chance(0.7)
          ? 2
          : 3;
    for (let level = 0; level <= escalations; level++) {
      const last = level === escalations;
      advance(random.int(1, 10) * DAY);
      if (!last) {
        // Escalated at diagnosis (by staff or on a lapsed deadline) or after a session.
        const how = random.pick(['staff', 'deadline', 'session'] as const);
        let next: 'escalated' | ClosureType;
        if (how === 'deadline') {
          await superviseCase(deps, { ...task(caseNumber), supervisedState: 'Diagnosis' });
          advance(random.int(1, 3) * DAY);
          await open(caseNumber, 'DiagnosisLate');
          next = await escalate('deadline');
        } else if (how === 'staff') {
          await endStep(deps, caseNumber, mediator, await version(caseNumber), {
            kind: 'escalate',
            reason: '本级调解力量不足，报请上级',
          });
          next = await escalate('staff');
        } else {
          await diagnose(true, true);
          const sessionId = await session();
          await recordOutcome(deps, caseNumber, mediator, await version(caseNumber), {
            sessionId,
            outcome: 'escalate',
          });
          next = await escalate('staff');
        }
        if (next !== 'escalated') return next;
        continue;
      }
      return finish(ending);
    }
    throw new Error('unreachable');
  }

  async function diagnose(mediable: boolean, consents: boolean) {
    await recordDiagnosis(deps, caseNumber, mediator, await version(caseNumber), {
      mediable,
      respondentConsents: consents,
      track: random.chance(0.5) ? 'simple' : 'panel',
    });
  }

  async function finish(ending: Ending): Promise<string> {
    switch (ending) {
      case 'not_mediable':
        await diagnose(false, false);
        return close('not_mediable');
      case 'consent_declined':
        await diagnose(true, false);
        return close('consent_declined');
      case 'withdrawn_at_diagnosis':
        await endStep(deps, caseNumber, mediator, await version(caseNumber), {
          kind: 'close',
          reason: '申请人撤回申请',
        });
        return close('withdrawn');
      default:
        break;
    }
    await diagnose(true, true);
    let sessionId = await session();
    if (random.chance(0.2)) {
      await recordOutcome(deps, caseNumber, mediator, await version(caseNumber), {
        sessionId,
        outcome: 'another_session',
      });
      sessionId = await session();
    }
    if (ending === 'withdrawn_in_sessions') {
      await endStep(deps, caseNumber, mediator, await version(caseNumber), {
        kind: 'close',
        reason: '双方已自行和解，申请人撤回',
      });
      return close('withdrawn');
    }
    if (ending === 'no_agreement' || ending === 'referred') {
      await recordOutcome(deps, caseNumber, mediator, await version(caseNumber), {
        sessionId,
        outcome: ending === 'referred' ? 'refer' : 'no_agreement',
      });
      return close(ending === 'referred' ? 'referred_litigation' : 'no_agreement');
    }
    await recordOutcome(deps, caseNumber, mediator, await version(caseNumber), {
      sessionId,
      outcome: 'agreement',
      terms: ['被申请人于三十日内支付申请人人民币五千元', '双方就此纠纷再无其他争议'],
      signedInPerson: true,
    });
    advance(MINUTE);
    await planStep(deps, {
      ...task(caseNumber),
      plannedState: 'ConfirmationWindow',
      version: await version(caseNumber),
    });
    await open(caseNumber, 'ConfirmationWindow');
    if (random.chance(0.5)) {
      advance(random.int(1, 20) * DAY);
      await applyForConfirmation(deps, caseNumber, 'applicant');
      await applyForConfirmation(deps, caseNumber, 'respondent');
      advance(MINUTE);
      await planStep(deps, {
        ...task(caseNumber),
        plannedState: 'JudicialReview',
        version: await version(caseNumber),
      });
      await open(caseNumber, 'JudicialReview');
      advance(random.int(1, 10) * DAY);
      const granted = random.chance(0.8);
      await recordJudicialDecision(deps, caseNumber, judge, await version(caseNumber), {
        decision: granted ? 'confirmed' : 'rejected',
        reasons: granted ? '协议内容合法，予以确认' : '协议部分内容违反法律规定',
      });
      world.summary.confirmations[granted ? 'granted' : 'rejected'] += 1;
    } else {
      // Nobody applied: the window lapses after its 30 days.
      advance(30 * DAY);
    }
    advance(MINUTE);
    await planStep(deps, {
      ...task(caseNumber),
      plannedState: 'FollowUp',
      version: await version(caseNumber),
    });
    advance(random.int(30, 60) * DAY);
    await open(caseNumber, 'FollowUp');
    const result: FollowUpResult = random.chance(0.7)
      ? 'performed'
      : random.chance(0.5)
        ? 'partly'
        : 'not_performed';
    await recordFollowUp(deps, caseNumber, mediator, await version(caseNumber), { result });
    return close(result === 'performed' ? 'agreement_performed' : 'agreement_not_performed');
  }

  /** After closing, the parties may rate the service (one rating each). */
  async function rate() {
    for (const [partyId, p] of [
      ['applicant', 0.6],
      ['respondent', 0.35],
    ] as const) {
      if (!random.chance(p)) continue;
      advance(random.int(0, 5) * DAY + random.int(1, 600) * MINUTE);
      const score = random.pick([1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5]);
      await rateCase(deps, caseNumber, partyId, { score });
      world.summary.ratings += 1;
    }
  }
}

// Use case of the retention job: closed cases past the city's retention period lose their personal data; numbers, events and statistics stay.
import { monotonicFactory } from 'ulid';
import type { AuditLog } from '../adapters/audit-log.port.ts';
import {
  CaseChangeRejected,
  type CaseStore,
  type ExtraItem,
} from '../adapters/dynamo/case-store.ts';
import type { RetainedCase, RetentionStore } from '../adapters/retention-store.port.ts';
import type { UploadRemover } from '../adapters/upload-target.port.ts';
import type { AuditEntry } from '../domain/audit.ts';
import type { CaseRecord } from '../domain/case.ts';
import { businessDate, type Clock, toBusinessIso } from '../domain/time.ts';

export interface RetentionDeps {
  cityId: string;
  cities: { readCity(cityId: string): Promise<{ retentionDays: number } | undefined> };
  cases: Pick<CaseStore, 'get' | 'change'>;
  retention: RetentionStore;
  /** Where the case's files are (absent: none can exist, e.g. a city without uploads). */
  uploads?: UploadRemover;
  audit: Pick<AuditLog, 'item'>;
  clock: Clock;
  reportError?(what: string, error: unknown): void;
}

export interface RetentionRun {
  /** Business time of the run. */
  at: string;
  /** Cases closed before this instant were due. */
  cutoff: string;
  erased: string[];
  /** Cases another run erased meanwhile, or that failed (reported): the next run takes them. */
  skipped: string[];
}

/** Cases erased per run at most; a run that falls behind catches up on the next. */
const BATCH = 200;
const DAY_MS = 86_400_000;
const ulid = monotonicFactory();

/** What erasure keeps of a case: its number, category, regions, levels, stages, times and events. */
function erased(record: CaseRecord, at: string): CaseRecord {
  const {
    bookingReference: _booking,
    diagnosis,
    agreement,
    confirmation,
    followUp,
    recusals,
    ...kept
  } = record;
  return {
    ...kept,
    // Names, phone and ID numbers (sealed and masked), addresses, consents, signatures: gone with
    // the parties. Their tracking codes open nothing any more (a code is derived from a party).
    parties: [],
    // Free text residents and staff wrote may name people: gone.
    description: '',
    attachments: [],
    sessions: record.sessions.map(({ minutes: _minutes, place: _place, ...session }) => session),
    ...(diagnosis ? { diagnosis: { ...diagnosis, notes: undefined } } : {}),
    ...(agreement ? { agreement: { ...agreement, terms: [] } } : {}),
    ...(confirmation ? { confirmation: { ...confirmation, reasons: undefined } } : {}),
    ...(followUp ? { followUp: { ...followUp, notes: undefined } } : {}),
    ...(recusals ? { recusals: recusals.map((r) => ({ ...r, reason: '' })) } : {}),
    personalDataErasedAt: at,
    updatedAt: at,
  };
}

/** The job's own entry in the audit log, in the erasure's transaction. */
function auditEntry(
  record: CaseRecord,
  entry: RetainedCase,
  at: Date,
  removed: Record<string, number | boolean>,
  retentionDays: number,
): AuditEntry {
  return {
    id: ulid(at.getTime()),
    at: toBusinessIso(at),
    date: businessDate(at),
    actor: { subject: 'system:retention', name: '保留期届满自动清理', roles: ['system'] },
    action: 'retention.erase',
    method: 'SCHEDULE',
    route: 'scheduler/retention',
    target: { type: 'case', id: record.caseNumber },
    before: { version: record.version },
    after: {
      version: record.version + 1,
      erased: ['parties', 'description', 'attachments', 'minutes', 'notes', 'agreement.terms'],
    },
    summary: { closedAt: entry.closedAt, retentionDays, removed },
  };
}

/**
 * Erases one case's personal data in one transaction: the case record stripped, a
 * `personal_data_erased` event, its room items, upload records and the booking's applicant,
 * the queue item (on condition: two runs never both erase) and the audit entry. Files go
 * first, so a failed transaction leaves nothing the next run cannot finish. No counter moves.
 */
async function eraseCase(
  deps: RetentionDeps,
  entry: RetainedCase,
  retentionDays: number,
): Promise<boolean> {
  const record = await deps.cases.get(entry.caseNumber);
  const now = deps.clock.now();
  const at = toBusinessIso(now);
  if (!record) return false;
  for (const a of record.attachments) await deps.uploads?.remove(a.uploadId);
  const rooms = await deps.retention.roomDeletions(entry.caseNumber);
  try {
    await deps.cases.change(entry.caseNumber, (current) => {
      const extra: ExtraItem[] = [
        deps.retention.dequeueItem(entry),
        ...rooms,
        ...current.attachments.map((a) => deps.retention.uploadDeletion(a.uploadId)),
        ...(current.bookingReference
          ? [deps.retention.bookingErasure(current.bookingReference)]
          : []),
      ];
      const removed = {
        parties: current.parties.length,
        attachments: current.attachments.length,
        roomItems: rooms.length,
        booking: Boolean(current.bookingReference),
      };
      extra.push(deps.audit.item(auditEntry(current, entry, now, removed, retentionDays)));
      return {
        record: erased(current, at),
        extra,
        events: [
          {
            type: 'personal_data_erased',
            at,
            stage: current.stage,
            actorRole: 'system',
            data: { retentionDays, closedAt: entry.closedAt },
          },
        ],
      };
    });
    return true;
  } catch (error) {
    // The queue item is gone: another run erased the case meanwhile.
    if (error instanceof CaseChangeRejected) return false;
    throw error;
  }
}

/**
 * One run: every case closed more than `retentionDays` (run-time config) ago that still holds
 * personal data is erased. Idempotent: an erased case has left the queue, so a second run finds
 * nothing; a case that fails is reported and left for the next run.
 */
export async function eraseExpiredCases(deps: RetentionDeps): Promise<RetentionRun> {
  const city = await deps.cities.readCity(deps.cityId);
  if (!city) throw new Error(`city ${deps.cityId} is not seeded`);
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - city.retentionDays * DAY_MS);
  const run: RetentionRun = {
    at: toBusinessIso(now),
    cutoff: toBusinessIso(cutoff),
    erased: [],
    skipped: [],
  };
  for (const entry of await deps.retention.closedBefore(cutoff, BATCH)) {
    try {
      if (await eraseCase(deps, entry, city.retentionDays)) run.erased.push(entry.caseNumber);
      else run.skipped.push(entry.caseNumber);
    } catch (error) {
      deps.reportError?.(`erasing ${entry.caseNumber} failed`, error);
      run.skipped.push(entry.caseNumber);
    }
  }
  return run;
}

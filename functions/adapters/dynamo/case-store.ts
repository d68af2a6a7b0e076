// DynamoDB adapter of cases: numbering without gaps, and every change with its timeline events and statistics counters in one transaction.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord } from '../../domain/case.ts';
import { NotFound, PreconditionFailed } from '../../domain/errors.ts';
import { caseIndexItems } from './case-indexes.ts';
import { type CounterBump, counterItems, regionParents } from './counter-items.ts';
import type { Table } from './table-client.ts';
import { CONFLICT, type TransactItem, transact } from './transact.ts';

const caseKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'CASE' });
const eventSk = (seq: number) => `EVENT#${String(seq).padStart(6, '0')}`;
const counterKey = (series: string) => ({ pk: `CASENO#${series}`, sk: 'COUNTER' });
const intakeKey = (key: string) => ({ pk: `INTAKE#${key}`, sk: 'INTAKE' });

export type { CounterBump } from './counter-items.ts';

/** What one change writes besides the case itself. */
export interface CaseChange {
  record: CaseRecord;
  events: Omit<CaseEvent, 'seq'>[];
  counters?: CounterBump[];
  /** Further items of the same transaction (an attachment marked attached…), without the table name. */
  extra?: ExtraItem[];
}

function caseItem(record: CaseRecord) {
  return {
    ...caseKey(record.caseNumber),
    ...record,
    gsi1pk: `CASES#${record.handlingRegionId}`,
    gsi1sk: `${record.filedAt}#${record.caseNumber}`,
  };
}

function eventItems(table: Table, caseNumber: string, from: number, events: CaseChange['events']) {
  return events.map(
    (event, i): TransactItem => ({
      Put: {
        TableName: table.name,
        Item: { pk: `CASE#${caseNumber}`, sk: eventSk(from + i + 1), seq: from + i + 1, ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }),
  );
}

function strip(item: Record<string, unknown>): CaseRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = item;
  return record as unknown as CaseRecord;
}

/** A transaction item of this table: the store names the table. */
export type ExtraItem =
  | { Put: Omit<NonNullable<TransactItem['Put']>, 'TableName'> }
  | { Update: Omit<NonNullable<TransactItem['Update']>, 'TableName'> }
  | { ConditionCheck: Omit<NonNullable<TransactItem['ConditionCheck']>, 'TableName'> }
  | { Delete: Omit<NonNullable<TransactItem['Delete']>, 'TableName'> };

function named(table: Table, extra: readonly ExtraItem[] = []): TransactItem[] {
  return extra.map((item): TransactItem => {
    if ('Put' in item) return { Put: { ...item.Put, TableName: table.name } };
    if ('Update' in item) return { Update: { ...item.Update, TableName: table.name } };
    if ('Delete' in item) return { Delete: { ...item.Delete, TableName: table.name } };
    return { ConditionCheck: { ...item.ConditionCheck, TableName: table.name } };
  });
}

/** How long a filing waits for the number before its own before taking that number over. */
const ABANDONED_TICKET_MS = 3000;

/** A condition of the change's further items failed: `failed` are their indexes among `extra`. */
export class CaseChangeRejected extends Error {
  constructor(
    message: string,
    readonly failed: readonly number[] = [],
  ) {
    super(message);
  }
}

export interface CaseStore {
  /**
   * Files a case under the next number of `series` (`WZ-2026`): each filing takes a ticket (an
   * atomic counter) and writes case n only once case n − 1 exists, so numbers have no gaps; a
   * ticket whose filing died is taken over by the next filing. An `intake` key already used
   * returns that case.
   */
  create(input: {
    series: string;
    intake: string;
    /** The case number of the n-th case of the series. */
    numberOf(n: number): string;
    build(n: number): CaseChange;
  }): Promise<{ caseNumber: string; created: boolean }>;
  get(caseNumber: string): Promise<CaseRecord | undefined>;
  /** The case an intake key already filed, if any. */
  findIntake(intake: string): Promise<string | undefined>;
  events(caseNumber: string): Promise<CaseEvent[]>;
  /**
   * Applies a change to the current record: `decide` reads it and returns the new record with
   * its events (or undefined to write nothing); a concurrent change in between makes it run
   * again on the newer record. With `expectedVersion`, a record at another version throws
   * PreconditionFailed (If-Match). With `taskKey`, a workflow task that already applied this
   * change (a re-run after a crash) gets the record back without writing again.
   */
  change(
    caseNumber: string,
    decide: (current: CaseRecord) => CaseChange | undefined,
    options?: { expectedVersion?: number; taskKey?: string },
  ): Promise<{ record: CaseRecord; changed: boolean }>;
  /** Cases handled in a region, newest first. */
  listByRegion(regionId: string, limit: number): Promise<CaseRecord[]>;
}

/** `cityId` names the regions tree the counters are added up (counter-items.ts). */
export function dynamoCaseStore(table: Table, cityId: string): CaseStore {
  /** The counters' updates of a change, with the regions tree they are added up. */
  const counterUpdates = async (counters: readonly CounterBump[] = []) =>
    counters.length === 0
      ? []
      : counterItems(
          table,
          counters,
          await regionParents(
            table,
            cityId,
            counters.map((c) => c.regionId),
          ),
        );

  const get = async (caseNumber: string) => {
    const out = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: caseKey(caseNumber), ConsistentRead: true }),
    );
    return out.Item ? strip(out.Item) : undefined;
  };

  /** The next number of a series: one atomic increment, so concurrent filings never collide on one. */
  const nextTicket = async (series: string): Promise<number> => {
    const out = await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: counterKey(series),
        UpdateExpression: 'ADD #last :one',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return out.Attributes?.last as number;
  };

  /**
   * Waits (until `deadline`) for case `caseNumber` to exist, with cheap reads backing off from
   * 5 ms to 100 ms, so a burst of filings waiting in line does not flood the table.
   */
  const predecessorWritten = async (caseNumber: string, deadline: number) => {
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const out = await table.doc.send(
        new GetCommand({
          TableName: table.name,
          Key: caseKey(caseNumber),
          ConsistentRead: true,
          ProjectionExpression: 'pk',
        }),
      );
      if (out.Item) return;
      await new Promise((r) =>
        setTimeout(r, Math.min(100, 5 * 1.5 ** attempt) * (0.5 + Math.random())),
      );
    }
  };

  return {
    get,

    async findIntake(intake) {
      const out = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: intakeKey(intake), ConsistentRead: true }),
      );
      return out.Item?.caseNumber as string | undefined;
    },

    async create({ series, intake, numberOf, build }) {
      const existing = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: intakeKey(intake), ConsistentRead: true }),
      );
      if (existing.Item) return { caseNumber: existing.Item.caseNumber as string, created: false };
      let n = await nextTicket(series);
      let waitingSince = Date.now();
      for (let round = 0; round < 10_000; round++) {
        const change = build(n);
        const { record } = change;
        const items: TransactItem[] = [
          {
            Put: {
              TableName: table.name,
              Item: { ...intakeKey(intake), caseNumber: record.caseNumber },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table.name,
              Item: caseItem({ ...record, eventCount: change.events.length }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          // No gaps: number n is written only after n − 1 exists.
          ...(n > 1
            ? [
                {
                  ConditionCheck: {
                    TableName: table.name,
                    Key: caseKey(numberOf(n - 1)),
                    ConditionExpression: 'attribute_exists(pk)',
                  },
                },
              ]
            : []),
          ...eventItems(table, record.caseNumber, 0, change.events),
          ...(await counterUpdates(change.counters)),
          ...named(table, change.extra),
        ];
        // A conflict here is usually n − 1 being written right now: poll again at once.
        const failed = await transact(table, items, { maxConflictRetries: 0 });
        if (failed.length === 0) return { caseNumber: record.caseNumber, created: true };
        if (failed[0] === CONFLICT) {
          await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
          continue;
        }
        const extraFrom = items.length - (change.extra?.length ?? 0);
        if (failed.some((i) => i >= extraFrom))
          throw new CaseChangeRejected('an item this case needs was taken meanwhile');
        if (failed.includes(0)) {
          // This intake was filed meanwhile (a concurrent retry with the same key).
          const winner = await table.doc.send(
            new GetCommand({ TableName: table.name, Key: intakeKey(intake), ConsistentRead: true }),
          );
          return { caseNumber: winner.Item?.caseNumber as string, created: false };
        }
        if (failed.includes(1)) {
          // Number n is taken (by a filing that took over an abandoned number): a new ticket.
          n = await nextTicket(series);
          waitingSince = Date.now();
          continue;
        }
        // n − 1 is not written yet: its filing is still in flight. Wait for it; a number whose
        // filing died (a crash after taking its ticket) is taken over, so none stays a gap.
        if (Date.now() - waitingSince > ABANDONED_TICKET_MS) {
          n -= 1;
          waitingSince = Date.now();
          continue;
        }
        await predecessorWritten(numberOf(n - 1), waitingSince + ABANDONED_TICKET_MS);
      }
      throw new Error(`could not number a case in series ${series}`);
    },

    async events(caseNumber) {
      const events: CaseEvent[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
            ExpressionAttributeValues: { ':pk': `CASE#${caseNumber}`, ':events': 'EVENT#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const { pk: _pk, sk: _sk, ...event } = item;
          events.push(event as CaseEvent);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return events;
    },

    async change(caseNumber, decide, options = {}) {
      for (let round = 0; round < 50; round++) {
        const current = await get(caseNumber);
        if (!current) throw new NotFound({ caseNumber });
        if (options.taskKey && current.lastTaskKey === options.taskKey)
          return { record: current, changed: false };
        if (options.expectedVersion !== undefined && current.version !== options.expectedVersion)
          throw new PreconditionFailed({ version: current.version });
        const change = decide(current);
        if (!change) return { record: current, changed: false };
        const record: CaseRecord = {
          ...change.record,
          version: current.version + 1,
          eventCount: current.eventCount + change.events.length,
          ...(options.taskKey ? { lastTaskKey: options.taskKey } : {}),
        };
        const fixed: TransactItem[] = [
          {
            Put: {
              TableName: table.name,
              Item: caseItem(record),
              ConditionExpression: '#version = :version',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':version': current.version },
            },
          },
          ...eventItems(table, caseNumber, current.eventCount, change.events),
          ...(await counterUpdates(change.counters)),
          // The overdue list and the retention queue move with the case (case-indexes.ts).
          ...caseIndexItems(table, current, record),
        ];
        const failed = await transact(table, [...fixed, ...named(table, change.extra)]);
        if (failed.length === 0) return { record, changed: true };
        if (failed.some((i) => i >= fixed.length))
          throw new CaseChangeRejected(
            'an item this change needs was taken meanwhile',
            failed.filter((i) => i >= fixed.length).map((i) => i - fixed.length),
          );
        // Someone else changed the case in between: decide again on the newer record.
        await new Promise((r) => setTimeout(r, Math.random() * 20));
      }
      throw new Error(`case ${caseNumber} kept changing under this write`);
    },

    async listByRegion(regionId, limit) {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `CASES#${regionId}` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(strip);
    },
  };
}

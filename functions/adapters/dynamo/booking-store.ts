// DynamoDB adapter of bookings: the booking, the slot's capacity counter and the provider's busy calendar in one transaction.
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type BusyBucket, busyBuckets } from '../../domain/availability.ts';
import { businessInstant } from '../../domain/time.ts';
import type { BookingRecord, BookingStore, SlotClaim } from '../booking-store.port.ts';
import type { Table } from './table-client.ts';
import { type TransactItem, transact } from './transact.ts';

const bookingKey = (reference: string) => ({ pk: `BOOKING#${reference}`, sk: 'BOOKING' });
const slotPk = (servicePointId: string) => `SLOTS#${servicePointId}`;
const busyPk = (providerId: string) => `BUSY#${providerId}`;
/** Slot items sort by start (UTC ISO sorts as time does), then by the slot key. */
const slotSk = (claim: SlotClaim) => `${claim.start.toISOString()}#${claim.slotKey}`;
/** Reminders due, one partition per business date of the due time (the scheduler reads today's and yesterday's). */
const reminderKey = (remindAt: string, reference: string) => ({
  pk: `REMIND#${businessDateOf(remindAt)}`,
  sk: `${remindAt}#${reference}`,
});
const providerDayPk = (providerId: string, start: string) =>
  `PROVIDER#${providerId}#${businessDateOf(start)}`;

/** The business date (Asia/Shanghai) of a UTC ISO instant. */
function businessDateOf(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Takes one place of the slot (under its capacity) and every busy bucket (shared with the slot's other bookings only). */
function claimItems(table: Table, claim: SlotClaim): TransactItem[] {
  return [
    {
      Update: {
        TableName: table.name,
        Key: { pk: slotPk(claim.servicePointId), sk: slotSk(claim) },
        UpdateExpression: 'ADD booked :one SET #capacity = :cap, slotKey = :key',
        ConditionExpression: 'attribute_not_exists(booked) OR booked < :cap',
        ExpressionAttributeNames: { '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':one': 1, ':cap': claim.capacity, ':key': claim.slotKey },
      },
    },
    ...claim.buckets.map(
      (bucket): TransactItem => ({
        Update: {
          TableName: table.name,
          Key: { pk: busyPk(claim.providerId), sk: bucket.toISOString() },
          UpdateExpression: 'SET holder = :key ADD busyCount :one',
          ConditionExpression:
            'attribute_not_exists(holder) OR holder = :key OR busyCount <= :zero',
          ExpressionAttributeValues: { ':key': claim.slotKey, ':one': 1, ':zero': 0 },
        },
      }),
    ),
  ];
}

/** Gives a place back: the counter and the buckets go down by one (they are never below zero). */
function releaseItems(table: Table, claim: SlotClaim): TransactItem[] {
  return [
    {
      Update: {
        TableName: table.name,
        Key: { pk: slotPk(claim.servicePointId), sk: slotSk(claim) },
        UpdateExpression: 'ADD booked :minus',
        ConditionExpression: 'booked > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      },
    },
    ...claim.buckets.map(
      (bucket): TransactItem => ({
        Update: {
          TableName: table.name,
          Key: { pk: busyPk(claim.providerId), sk: bucket.toISOString() },
          UpdateExpression: 'ADD busyCount :minus',
          ConditionExpression: 'holder = :key AND busyCount > :zero',
          ExpressionAttributeValues: { ':key': claim.slotKey, ':minus': -1, ':zero': 0 },
        },
      }),
    ),
  ];
}

function strip(item: Record<string, unknown>): BookingRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = item;
  return record as unknown as BookingRecord;
}

export function dynamoBookingStore(table: Table): BookingStore {
  const bookingItem = (record: BookingRecord) => ({
    ...bookingKey(record.reference),
    ...record,
    gsi1pk: providerDayPk(record.providerId, record.start),
    gsi1sk: `${record.start}#${record.reference}`,
  });

  return {
    // What does the booking with this reference hold? GetItem.
    async get(reference) {
      const out = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: bookingKey(reference), ConsistentRead: true }),
      );
      return out.Item ? strip(out.Item) : undefined;
    },

    // How many places are taken per slot at a point in [from, to)? Query `SLOTS#<point>` by start.
    async slotUsage(servicePointId, from, to) {
      const usage = new Map<string, number>();
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': slotPk(servicePointId),
              ':from': from.toISOString(),
              ':to': `${to.toISOString()}`,
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? [])
          usage.set(String(item.slotKey), Number(item.booked ?? 0));
        start = out.LastEvaluatedKey;
      } while (start);
      return usage;
    },

    // Which of a provider's busy buckets in [from, to) are held? Query `BUSY#<provider>` by bucket start.
    async busy(providerId, from, to) {
      const busy = new Map<number, BusyBucket>();
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': busyPk(providerId),
              ':from': from.toISOString(),
              ':to': to.toISOString(),
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          const at = new Date(String(item.sk));
          busy.set(at.getTime(), {
            start: at,
            holder: String(item.holder ?? ''),
            count: Number(item.busyCount ?? 0),
          });
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return busy;
    },

    // Which bookings does a provider have on a business date? Query gsi1 `PROVIDER#<id>#<date>`.
    async providerDay(providerId, date) {
      const records: BookingRecord[] = [];
      let start: Record<string, unknown> | undefined;
      const from = businessInstant(date).toISOString();
      do {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': providerDayPk(providerId, from) },
            ExclusiveStartKey: start,
          }),
        );
        records.push(...(out.Items ?? []).map(strip));
        start = out.LastEvaluatedKey;
      } while (start);
      return records;
    },

    // Book: Put the booking if new + take a place under capacity + hold the busy buckets, one transaction.
    async create(record, claim) {
      const failed = await transact(table, [
        {
          Put: {
            TableName: table.name,
            Item: bookingItem(record),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...claimItems(table, claim),
        ...(record.remindAt
          ? [
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...reminderKey(record.remindAt, record.reference),
                    reference: record.reference,
                  },
                },
              },
            ]
          : []),
      ]);
      if (failed.includes(0)) throw new Error(`booking reference ${record.reference} exists`);
      return failed.length === 0;
    },

    // Cancel: confirmed → cancelled + give the place and buckets back, one transaction.
    async cancel(record, { reason, updatedAt }) {
      const failed = await transact(table, [
        {
          Update: {
            TableName: table.name,
            Key: bookingKey(record.reference),
            UpdateExpression:
              'SET #status = :cancelled, cancelReason = :reason, updatedAt = :at REMOVE remindAt',
            ConditionExpression: '#status = :confirmed AND slotKey = :key',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':cancelled': 'cancelled',
              ':confirmed': 'confirmed',
              ':reason': reason,
              ':at': updatedAt,
              ':key': record.slotKey,
            },
          },
        },
        ...releaseItems(table, claimOf(record)),
        ...forgetReminder(table, record),
      ]);
      return failed.length === 0;
    },

    // Reschedule: move the booking + take the new place + give the old one back, one transaction.
    async reschedule(record, next, previous) {
      const failed = await transact(table, [
        {
          Update: {
            TableName: table.name,
            Key: bookingKey(record.reference),
            UpdateExpression:
              'SET slotKey = :newKey, providerId = :provider, #start = :start, #end = :end, updatedAt = :at, gsi1pk = :gpk, gsi1sk = :gsk' +
              (next.remindAt ? ', remindAt = :remind' : ' REMOVE remindAt'),
            ConditionExpression: '#status = :confirmed AND slotKey = :oldKey',
            ExpressionAttributeNames: { '#status': 'status', '#start': 'start', '#end': 'end' },
            ExpressionAttributeValues: {
              ':newKey': next.claim.slotKey,
              ':oldKey': record.slotKey,
              ':provider': next.providerId,
              ':start': next.start,
              ':end': next.end,
              ':at': next.updatedAt,
              ':confirmed': 'confirmed',
              ':gpk': providerDayPk(next.providerId, next.start),
              ':gsk': `${next.start}#${record.reference}`,
              ...(next.remindAt ? { ':remind': next.remindAt } : {}),
            },
          },
        },
        ...claimItems(table, next.claim),
        ...releaseItems(table, previous),
        ...forgetReminder(table, record),
        ...(next.remindAt
          ? [
              {
                Put: {
                  TableName: table.name,
                  Item: {
                    ...reminderKey(next.remindAt, record.reference),
                    reference: record.reference,
                  },
                },
              },
            ]
          : []),
      ]);
      if (failed.length === 0) return 'ok';
      if (failed.includes(0)) return 'changed';
      return 'full';
    },

    // Which reminders are due by `now`? Query `REMIND#<date>` for today and yesterday, sk ≤ now.
    async dueReminders(now) {
      const due: { reference: string; remindAt: string }[] = [];
      const today = businessDateOf(now.toISOString());
      const yesterday = businessDateOf(new Date(now.getTime() - 86_400_000).toISOString());
      for (const date of [yesterday, today]) {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'pk = :pk AND sk <= :now',
            ExpressionAttributeValues: {
              ':pk': `REMIND#${date}`,
              ':now': `${now.toISOString()}#~`,
            },
            Limit: 200,
          }),
        );
        for (const item of out.Items ?? []) {
          due.push({ reference: String(item.reference), remindAt: String(item.sk).split('#')[0]! });
        }
      }
      return due;
    },

    // Take a due reminder once: Delete it if it is still there (two schedulers never both send).
    async claimReminder(reminder) {
      try {
        await table.doc.send(
          new DeleteCommand({
            TableName: table.name,
            Key: reminderKey(reminder.remindAt, reminder.reference),
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    // Next reminder: Update the booking's remindAt if still the one sent + Put its item, one transaction.
    async scheduleNextReminder(reference, sent, next) {
      await transact(table, [
        {
          Update: {
            TableName: table.name,
            Key: bookingKey(reference),
            UpdateExpression: 'SET remindAt = :next',
            ConditionExpression: 'remindAt = :sent AND #status = :confirmed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':next': next, ':sent': sent, ':confirmed': 'confirmed' },
          },
        },
        { Put: { TableName: table.name, Item: { ...reminderKey(next, reference), reference } } },
      ]);
    },

    // Put a reminder back (its message could not be sent): the next run tries again.
    async restoreReminder(reminder) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...reminderKey(reminder.remindAt, reminder.reference),
            reference: reminder.reference,
          },
        }),
      );
    },

    // Attendance: confirmed → completed | no_show, UpdateItem with a condition.
    async markAttendance(reference, status, { updatedAt, consultationNote }) {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: bookingKey(reference),
            UpdateExpression:
              'SET #status = :status, updatedAt = :at' +
              (consultationNote ? ', consultationNote = :note' : '') +
              ' REMOVE remindAt',
            // Attended or missed, or a correction of a mistaken mark; never a cancelled booking.
            ConditionExpression: '#status IN (:confirmed, :completed, :noShow)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': status,
              ':at': updatedAt,
              ':confirmed': 'confirmed',
              ':completed': 'completed',
              ':noShow': 'no_show',
              ...(consultationNote ? { ':note': consultationNote } : {}),
            },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    // A consultation note: UpdateItem if the booking exists.
    async setNote(reference, note, updatedAt) {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: bookingKey(reference),
            UpdateExpression: 'SET consultationNote = :note, updatedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':note': note, ':at': updatedAt },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
  };
}

/** Deletes a booking's pending reminder item, if it has one. */
function forgetReminder(table: Table, record: BookingRecord): TransactItem[] {
  if (!record.remindAt) return [];
  return [
    { Delete: { TableName: table.name, Key: reminderKey(record.remindAt, record.reference) } },
  ];
}

/** The place a stored booking holds. */
export function claimOf(record: BookingRecord, capacity = 0): SlotClaim {
  const start = new Date(record.start);
  const buckets = busyBuckets(start, new Date(record.end));
  return {
    servicePointId: record.servicePointId,
    slotKey: record.slotKey,
    providerId: record.providerId,
    start,
    capacity,
    buckets,
  };
}

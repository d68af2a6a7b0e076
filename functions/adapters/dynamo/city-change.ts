// DynamoDB adapter of the city store, its write side: an agency edit's differing items under META's version, in one transaction with the audit entry.
import { ValidationFailed } from '#domain/errors.ts';
import type { CityCatalogue } from '../city-store.port.ts';
import type { ExtraItem } from './case-store.ts';
import type { Table } from './table-client.ts';
import { CONFLICT, type TransactItem, transact } from './transact.ts';

/** The items that differ, and META's version bumped under the condition that it is still the one the edit was decided on. */
export async function writeCityChange(
  table: Table,
  keys: {
    cityPk: string;
    rosterPk: string;
    kinds: Record<'region' | 'category' | 'service' | 'point' | 'member', string>;
  },
  before: CityCatalogue,
  after: Omit<CityCatalogue, 'version'>,
  extra: readonly ExtraItem[],
  at: string,
): Promise<number | undefined> {
  const pk = keys.cityPk;
  const kinds = keys.kinds;
  const items: TransactItem[] = [
    ...listChanges(table, pk, kinds.region, before.city.regions, after.city.regions),
    ...listChanges(table, pk, kinds.category, before.city.categories, after.city.categories),
    ...listChanges(table, pk, kinds.service, before.city.services, after.city.services),
    ...listChanges(table, pk, kinds.point, before.city.servicePoints, after.city.servicePoints),
    ...listChanges(table, keys.rosterPk, kinds.member, before.roster, after.roster),
  ];
  if (!same(before.city.calendar, after.city.calendar)) {
    items.push({
      Put: { TableName: table.name, Item: { pk, sk: 'CALENDAR', ...after.city.calendar } },
    });
  }
  const policyOf = (c: CityCatalogue['city']) => ({
    sla: c.sla,
    reminders: c.reminders,
    bookings: c.bookings,
    retentionDays: c.retentionDays,
  });
  if (!same(policyOf(before.city), policyOf(after.city))) {
    items.push({
      Put: { TableName: table.name, Item: { pk, sk: 'POLICY', ...policyOf(after.city) } },
    });
  }
  // One item for META and one per extra: a transaction holds at most 100.
  if (items.length + 1 + extra.length > 100) {
    throw new ValidationFailed({
      json: `${items.length} entries changed at once; one edit changes at most ${99 - extra.length}: split it`,
    });
  }
  const version = before.version + 1;
  items.unshift({
    Update: {
      TableName: table.name,
      Key: { pk, sk: 'META' },
      UpdateExpression: 'SET version = :next, updatedAt = :at',
      ConditionExpression:
        before.version === 0
          ? 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :current)'
          : 'version = :current',
      ExpressionAttributeValues: { ':next': version, ':current': before.version, ':at': at },
    },
  });
  for (const item of extra) items.push(named(table, item));
  const failed = await transact(table, items);
  if (failed.length === 0) return version;
  if (failed.includes(0) || failed.includes(CONFLICT)) return undefined;
  throw new Error(`city change: condition failed on transaction items ${failed.join(', ')}`);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Puts of the entries new or changed (in content or place), deletes of those gone. */
function listChanges<T extends { id: string }>(
  table: Table,
  pk: string,
  prefix: string,
  before: readonly T[],
  after: readonly T[],
): TransactItem[] {
  const was = new Map(before.map((value, order) => [value.id, { value, order }]));
  const changes: TransactItem[] = [];
  after.forEach((value, order) => {
    const old = was.get(value.id);
    if (old && old.order === order && same(old.value, value)) return;
    changes.push({
      Put: { TableName: table.name, Item: { pk, sk: `${prefix}${value.id}`, order, ...value } },
    });
  });
  const kept = new Set(after.map((value) => value.id));
  for (const value of before) {
    if (!kept.has(value.id)) {
      changes.push({ Delete: { TableName: table.name, Key: { pk, sk: `${prefix}${value.id}` } } });
    }
  }
  return changes;
}

function named(table: Table, item: ExtraItem): TransactItem {
  if ('Put' in item) return { Put: { ...item.Put, TableName: table.name } };
  if ('Update' in item) return { Update: { ...item.Update, TableName: table.name } };
  if ('Delete' in item) return { Delete: { ...item.Delete, TableName: table.name } };
  return { ConditionCheck: { ...item.ConditionCheck, TableName: table.name } };
}

// DynamoDB adapter of the city store: one partition per city for its configuration, one for its roster; META holds the version every edit bumps.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { defaultBookings } from '#config/channels-schema.ts';
import type { CityRuntime, CityStore } from '../city-store.port.ts';
import type { Table } from './table-client.ts';

const cityPk = (cityId: string) => `CITY#${cityId}`;
const rosterPk = (cityId: string) => `CITY#${cityId}#ROSTER`;

/** Sort-key prefixes of the city partition; `order` keeps the configured order on read. */
const kinds = {
  region: 'REGION#',
  category: 'CATEGORY#',
  service: 'SERVICE#',
  point: 'POINT#',
  member: 'MEMBER#',
} as const;

type Item = Record<string, unknown> & { pk: string; sk: string };

function listItems<T extends { id: string }>(
  pk: string,
  prefix: string,
  list: readonly T[],
): Item[] {
  return list.map((value, order) => ({ pk, sk: `${prefix}${value.id}`, order, ...value }));
}

async function writeAll(table: Table, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] = items
      .slice(i, i + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept items unprocessed after 8 retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 25 * Math.random()));
      const out = await table.doc.send(
        new BatchWriteCommand({ RequestItems: { [table.name]: pending as never } }),
      );
      pending = (out.UnprocessedItems?.[table.name] ?? []) as Record<string, unknown>[];
    }
  }
}

async function queryAll(table: Table, pk: string, consistent = false): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: start,
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

function strip<T>(item: Item): T {
  const { pk: _pk, sk: _sk, order: _order, ...rest } = item;
  return rest as T;
}

function ofKind<T>(items: Item[], prefix: string): T[] {
  return items
    .filter((i) => i.sk.startsWith(prefix))
    .sort((a, b) => Number(a.order) - Number(b.order))
    .map((i) => strip<T>(i));
}

export function dynamoCityStore(table: Table): CityStore {
  return {
    // Is the city seeded? GetItem on its META item.
    async isSeeded(cityId) {
      const out = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: { pk: cityPk(cityId), sk: 'META' } }),
      );
      return out.Item !== undefined;
    },

    // Seed the city: every item first, then META under a condition, so META means "complete".
    async writeSeed(cityId, runtime, seededAt) {
      if (await this.isSeeded(cityId)) return false;
      const pk = cityPk(cityId);
      await writeAll(table, [
        ...listItems(pk, kinds.region, runtime.regions),
        ...listItems(pk, kinds.category, runtime.categories),
        ...listItems(pk, kinds.service, runtime.services),
        ...listItems(pk, kinds.point, runtime.servicePoints),
        { pk, sk: 'CALENDAR', ...runtime.calendar },
        {
          pk,
          sk: 'POLICY',
          sla: runtime.sla,
          reminders: runtime.reminders,
          bookings: runtime.bookings,
          retentionDays: runtime.retentionDays,
        },
        ...listItems(rosterPk(cityId), kinds.member, runtime.roster),
      ]);
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: { pk, sk: 'META', ...runtime.city, seededAt, version: 1 },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    // What is the city's configuration (regions, categories, services, points, calendar, policy)?
    // One Query of the city partition.
    async readCity(cityId) {
      return cityOf(await queryAll(table, cityPk(cityId)))?.city;
    },

    // Who is on the city's roster, with their weekly shifts? One Query of the roster partition.
    async readRoster(cityId) {
      return ofKind(await queryAll(table, rosterPk(cityId)), kinds.member);
    },

    // Which version of the configuration is current? GetItem on META (strongly consistent).
    async readVersion(cityId) {
      const out = await table.doc.send(
        new GetCommand({
          TableName: table.name,
          Key: { pk: cityPk(cityId), sk: 'META' },
          ProjectionExpression: 'version, seededAt',
          ConsistentRead: true,
        }),
      );
      return out.Item ? Number(out.Item.version ?? 0) : undefined;
    },

    // The configuration and roster of one version: a strongly consistent Query of each partition.
    async readCatalogue(cityId) {
      const [items, members] = await Promise.all([
        queryAll(table, cityPk(cityId), true),
        queryAll(table, rosterPk(cityId), true),
      ]);
      const read = cityOf(items);
      if (!read) return undefined;
      return { version: read.version, city: read.city, roster: ofKind(members, kinds.member) };
    },

    // An agency edit (city-change.ts, loaded on the first edit: no reader carries it).
    async writeChange(cityId, before, after, extra, at) {
      const { writeCityChange } = await import('./city-change.ts');
      return writeCityChange(
        table,
        { cityPk: cityPk(cityId), rosterPk: rosterPk(cityId), kinds },
        before,
        after,
        extra,
        at,
      );
    },
  };
}

/** The city partition's items as the configuration and its version; undefined before seeding. */
function cityOf(items: Item[]): { version: number; city: Omit<CityRuntime, 'roster'> } | undefined {
  const meta = items.find((i) => i.sk === 'META');
  if (!meta) return undefined;
  const policy = items.find((i) => i.sk === 'POLICY');
  const calendar = items.find((i) => i.sk === 'CALENDAR');
  const {
    seededAt: _seededAt,
    version,
    updatedAt: _updatedAt,
    ...city
  } = strip<CityRuntime['city'] & { seededAt: string; version?: number; updatedAt?: string }>(meta);
  const { sla, reminders, bookings, retentionDays } = strip<
    Pick<CityRuntime, 'sla' | 'reminders' | 'retentionDays'> & {
      bookings?: CityRuntime['bookings'];
    }
  >(policy!);
  return {
    version: Number(version ?? 0),
    city: {
      city,
      regions: ofKind(items, kinds.region),
      categories: ofKind(items, kinds.category),
      services: ofKind(items, kinds.service),
      servicePoints: ofKind(items, kinds.point),
      calendar: strip<CityRuntime['calendar']>(calendar!),
      sla,
      reminders,
      // Seeded before bookings existed: the defaults.
      bookings: bookings ?? defaultBookings,
      retentionDays,
    },
  };
}

// DynamoDB reads and writes of the staff portal: a region's cases page by page (filtered by the table, never scanned), a member's agenda, and the session room's check-ins and minutes.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../../domain/case.ts';
import type { ServiceMode } from '../../domain/vocabulary.ts';
import type { Table } from './table-client.ts';
import { CONFLICT, transact } from './transact.ts';

export interface RegionCaseFilter {
  /** Leave closed cases out. */
  openOnly?: boolean;
  category?: string;
  stage?: string;
  /** A case number's beginning (`WZ-2026-00`). */
  numberPrefix?: string;
  /** Cases whose open step is one of these states and not answered yet. */
  steps?: readonly string[];
}

/** A session in a roster member's agenda, written with the session (panel scheduling). */
export interface AgendaItem {
  caseNumber: string;
  sessionId: string;
  startsAt: string;
  endsAt: string;
  mode: ServiceMode;
  place?: string;
  roomId?: string;
}

/** What the session room adds to a session: who has checked in, and the minutes autosaved so far. */
export interface SessionRoomState {
  checkIns: Record<string, string>;
  minutes?: { text: string; version: number; savedAt: string };
}

export type MinutesSave = { version: number } | { stale: number } | 'case-moved';

export interface StaffWorkStore {
  regionCases(regionId: string, filter: RegionCaseFilter, limit: number): Promise<CaseRecord[]>;
  agenda(rosterMemberId: string, from: Date, to: Date): Promise<AgendaItem[]>;
  rooms(caseNumber: string): Promise<Map<string, SessionRoomState>>;
  checkIn(caseNumber: string, sessionId: string, rosterMemberId: string, at: string): Promise<void>;
  saveMinutes(input: {
    caseNumber: string;
    sessionId: string;
    text: string;
    version: number;
    caseVersion: number;
    by: string;
    at: string;
  }): Promise<MinutesSave>;
}

const roomSk = (sessionId: string) => `ROOM#${sessionId}#`;
const minutesKey = (caseNumber: string, sessionId: string) => ({
  pk: `CASE#${caseNumber}`,
  sk: `${roomSk(sessionId)}MINUTES`,
});
/** Pages read per region before a list stops (a region's whole history is not read for one screen). */
const MAX_PAGES = 20;

export function dynamoStaffWorkStore(table: Table): StaffWorkStore {
  return {
    // Which cases does a region handle that match? Query gsi1 `CASES#<region>`, newest first, with a filter.
    async regionCases(regionId, filter, limit) {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':pk': `CASES#${regionId}` };
      const terms: string[] = [];
      if (filter.openOnly) {
        names['#status'] = 'status';
        values[':closed'] = 'closed';
        terms.push('#status <> :closed');
      }
      if (filter.category) {
        values[':category'] = filter.category;
        terms.push('category = :category');
      }
      if (filter.stage) {
        names['#stage'] = 'stage';
        values[':stage'] = filter.stage;
        terms.push('#stage = :stage');
      }
      if (filter.numberPrefix) {
        values[':prefix'] = filter.numberPrefix;
        terms.push('begins_with(caseNumber, :prefix)');
      }
      if (filter.steps?.length) {
        names['#state'] = 'state';
        const steps = filter.steps.map((s, i) => {
          values[`:step${i}`] = s;
          return `:step${i}`;
        });
        terms.push(
          `openStep.#state IN (${steps.join(', ')})`,
          'attribute_not_exists(openStep.answer)',
        );
      }
      const found: CaseRecord[] = [];
      let start: Record<string, unknown> | undefined;
      for (let page = 0; page < MAX_PAGES && found.length < limit; page++) {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ...(terms.length ? { FilterExpression: terms.join(' AND ') } : {}),
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = item;
          found.push(record as unknown as CaseRecord);
        }
        start = out.LastEvaluatedKey;
        if (!start) break;
      }
      return found.slice(0, limit);
    },

    // Which sessions does a member sit on between two instants? Query `AGENDA#<member>`, sk by start.
    async agenda(rosterMemberId, from, to) {
      const items: AgendaItem[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': `AGENDA#${rosterMemberId}`,
              ':from': from.toISOString(),
              ':to': to.toISOString(),
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          const { pk: _pk, sk: _sk, ...rest } = item;
          items.push(rest as AgendaItem);
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    },

    // Who checked in to a case's sessions, and their minutes? Query `CASE#<n>`, sk `ROOM#…`.
    async rooms(caseNumber) {
      const rooms = new Map<string, SessionRoomState>();
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :room)',
            ExpressionAttributeValues: { ':pk': `CASE#${caseNumber}`, ':room': 'ROOM#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          const sessionId = item.sessionId as string;
          const room = rooms.get(sessionId) ?? { checkIns: {} };
          if (item.kind === 'minutes')
            room.minutes = { text: item.text, version: item.version, savedAt: item.savedAt };
          else room.checkIns[item.rosterMemberId as string] = item.at as string;
          rooms.set(sessionId, room);
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return rooms;
    },

    // Check a member in: written once (the first time stays), so a repeat changes nothing.
    async checkIn(caseNumber, sessionId, rosterMemberId, at) {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              pk: `CASE#${caseNumber}`,
              sk: `${roomSk(sessionId)}IN#${rosterMemberId}`,
              kind: 'check-in',
              sessionId,
              rosterMemberId,
              at,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    },

    // Save minutes at the version last read, while the case is unchanged since the session was checked.
    async saveMinutes(input) {
      const key = minutesKey(input.caseNumber, input.sessionId);
      const failed = await transact(table, [
        {
          ConditionCheck: {
            TableName: table.name,
            Key: { pk: `CASE#${input.caseNumber}`, sk: 'CASE' },
            ConditionExpression: '#version = :caseVersion',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':caseVersion': input.caseVersion },
          },
        },
        {
          Put: {
            TableName: table.name,
            Item: {
              ...key,
              kind: 'minutes',
              sessionId: input.sessionId,
              text: input.text,
              version: input.version + 1,
              savedAt: input.at,
              by: input.by,
            },
            ConditionExpression:
              input.version === 0 ? 'attribute_not_exists(pk)' : '#version = :version',
            ...(input.version === 0
              ? {}
              : {
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': input.version },
                }),
          },
        },
      ]);
      if (failed.length === 0) return { version: input.version + 1 };
      if (failed.includes(0) || failed[0] === CONFLICT) return 'case-moved';
      const current = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
      );
      return { stale: (current.Item?.version as number | undefined) ?? 0 };
    },
  };
}

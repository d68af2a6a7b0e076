// The emulator's durable state in DynamoDB Local: executions, their history, task tokens (table fengqiao-<city>-sfn-local).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Table } from '#adapters/dynamo/table-client.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Where a running execution waits, so a restart waits for the same thing. */
export type Pending =
  | { kind: 'wait'; state: string; wakeAtMs: number }
  | {
      kind: 'callback';
      state: string;
      token: string;
      /** The task's deadline, absolute (local clock), when it has a timeout. */
      timeoutAtMs?: number;
      /** The task function received the token (else a restart delivers it again). */
      delivered: boolean;
    };

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** JSON text, as the Step Functions API carries it. */
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startMs: number;
  stopMs?: number;
  /** The top-level state the execution is in (or last was in). */
  currentState?: string;
  /** The last resumable state entered, with its input: where a restart resumes. */
  checkpoint?: { state: string; input: string };
  pending?: Pending;
}

export interface HistoryRecord {
  id: number;
  previousEventId: number;
  timestampMs: number;
  type: string;
  /** The event's details object, keyed as the API names it (e.g. `stateEnteredEventDetails`). */
  details: Record<string, unknown>;
}

export type TokenStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface TokenRecord {
  token: string;
  executionArn: string;
  state: string;
  status: TokenStatus;
  output?: string;
  error?: string;
  cause?: string;
  heartbeats?: number;
  lastHeartbeatMs?: number;
}

const execKey = (arn: string) => ({ pk: `EXEC#${arn}`, sk: 'META' });
const eventSk = (id: number) => `EVENT#${String(id).padStart(8, '0')}`;
const tokenKey = (token: string) => ({ pk: `TOKEN#${token}`, sk: 'TOKEN' });

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest as T;
}

export type PageKey = Record<string, unknown> | undefined;

export function executionStore(table: Table) {
  const { doc, name: TableName } = table;
  return {
    table,

    // Start an execution once per name: Put if absent; false when the name is taken.
    async create(record: ExecutionRecord): Promise<boolean> {
      try {
        await doc.send(
          new PutCommand({
            TableName,
            Item: {
              ...execKey(record.executionArn),
              // Executions of a machine, newest first (ListExecutions).
              gsi1pk: `SM#${record.stateMachineArn}`,
              gsi1sk: `${String(record.startMs).padStart(15, '0')}#${record.name}`,
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    // What is this execution's status, input, output, checkpoint? GetItem.
    async get(executionArn: string): Promise<ExecutionRecord | undefined> {
      const out = await doc.send(
        new GetCommand({ TableName, Key: execKey(executionArn), ConsistentRead: true }),
      );
      return out.Item ? stripKeys<ExecutionRecord>(out.Item) : undefined;
    },

    // Record where the execution is: SET the given fields, REMOVE those given as undefined.
    async update(executionArn: string, fields: Partial<ExecutionRecord>): Promise<void> {
      const sets: string[] = [];
      const removes: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        names[`#${key}`] = key;
        if (value === undefined) removes.push(`#${key}`);
        else {
          sets.push(`#${key} = :${key}`);
          values[`:${key}`] = value;
        }
      }
      if (sets.length + removes.length === 0) return;
      await doc.send(
        new UpdateCommand({
          TableName,
          Key: execKey(executionArn),
          UpdateExpression: [
            sets.length ? `SET ${sets.join(', ')}` : '',
            removes.length ? `REMOVE ${removes.join(', ')}` : '',
          ].join(' '),
          ExpressionAttributeNames: names,
          ...(sets.length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
    },

    // Which executions has this state machine run, newest first, optionally by status? Query gsi1.
    async list(
      stateMachineArn: string,
      options: { status?: ExecutionStatus; limit?: number; startKey?: PageKey } = {},
    ): Promise<{ items: ExecutionRecord[]; nextKey: PageKey }> {
      const out = await doc.send(
        new QueryCommand({
          TableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: {
            ':pk': `SM#${stateMachineArn}`,
            ...(options.status ? { ':status': options.status } : {}),
          },
          ...(options.status
            ? {
                FilterExpression: '#status = :status',
                ExpressionAttributeNames: { '#status': 'status' },
              }
            : {}),
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: options.startKey,
        }),
      );
      return {
        items: (out.Items ?? []).map((item) => stripKeys<ExecutionRecord>(item)),
        nextKey: out.LastEvaluatedKey,
      };
    },

    // Append history events, in order. BatchWrite of EVENT#<id> items (25 at a time).
    async appendEvents(executionArn: string, events: HistoryRecord[]): Promise<void> {
      for (let i = 0; i < events.length; i += 25) {
        let pending: Record<string, unknown>[] = events.slice(i, i + 25).map((event) => ({
          PutRequest: {
            Item: {
              pk: `EXEC#${executionArn}`,
              sk: eventSk(event.id),
              event: JSON.stringify(event),
            },
          },
        }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 8) throw new Error('DynamoDB kept history events unprocessed');
          if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 10));
          const out = await doc.send(
            new BatchWriteCommand({ RequestItems: { [TableName]: pending as never } }),
          );
          pending = (out.UnprocessedItems?.[TableName] ?? []) as Record<string, unknown>[];
        }
      }
    },

    // What happened in this execution? Query EVENT# items of its partition, in either order.
    async history(
      executionArn: string,
      options: { reverse?: boolean; limit?: number; startKey?: PageKey } = {},
    ): Promise<{ events: HistoryRecord[]; nextKey: PageKey }> {
      const out = await doc.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
          ExpressionAttributeValues: { ':pk': `EXEC#${executionArn}`, ':event': 'EVENT#' },
          ScanIndexForward: !options.reverse,
          Limit: options.limit,
          ExclusiveStartKey: options.startKey,
          ConsistentRead: true,
        }),
      );
      return {
        events: (out.Items ?? []).map((item) => JSON.parse(item.event as string) as HistoryRecord),
        nextKey: out.LastEvaluatedKey,
      };
    },

    // Which event id did this execution's history reach? Query, newest first, Limit 1.
    async lastEventId(executionArn: string): Promise<number> {
      const { events } = await this.history(executionArn, { reverse: true, limit: 1 });
      return events[0]?.id ?? 0;
    },

    // Issue a task token. Put if absent.
    async putToken(record: TokenRecord): Promise<void> {
      await doc.send(
        new PutCommand({
          TableName,
          Item: { ...tokenKey(record.token), ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    // Which execution and task does this token belong to, and is it still open? GetItem.
    async getToken(token: string): Promise<TokenRecord | undefined> {
      const out = await doc.send(
        new GetCommand({ TableName, Key: tokenKey(token), ConsistentRead: true }),
      );
      return out.Item ? stripKeys<TokenRecord>(out.Item) : undefined;
    },

    /**
     * Close a token once: Update if still PENDING. The first of SendTaskSuccess,
     * SendTaskFailure, the timeout or StopExecution wins; the others get false.
     */
    async closeToken(
      token: string,
      status: Exclude<TokenStatus, 'PENDING'>,
      fields: Pick<TokenRecord, 'output' | 'error' | 'cause'> = {},
    ): Promise<boolean> {
      const values: Record<string, unknown> = { ':pending': 'PENDING', ':status': status };
      const names: Record<string, string> = { '#status': 'status' };
      const sets = ['#status = :status'];
      for (const [key, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        sets.push(`#${key} = :${key}`);
        names[`#${key}`] = key;
        values[`:${key}`] = value;
      }
      try {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: tokenKey(token),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    // Record a heartbeat on an open token. Update if PENDING.
    async heartbeat(token: string, atMs: number): Promise<boolean> {
      try {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: tokenKey(token),
            UpdateExpression: 'SET lastHeartbeatMs = :at ADD heartbeats :one',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':at': atMs, ':one': 1, ':pending': 'PENDING' },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

export type ExecutionStore = ReturnType<typeof executionStore>;

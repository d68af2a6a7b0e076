// DynamoDB adapter of party contacts, their audit trail, attempt counters and recovery codes.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type {
  AttemptStore,
  AuditEntry,
  PartyContactRecord,
  PartyContactStore,
  RecoveryOtpStore,
} from '../party-contact-store.port.ts';
import type { Table } from './table-client.ts';

const contactKey = (reference: string) => ({ pk: `CONTACT#${reference}`, sk: 'CONTACT' });
const auditPk = (reference: string) => `AUDIT#${reference}`;

function auditItem(entry: AuditEntry) {
  return { pk: auditPk(entry.reference), sk: `${entry.at}#${ulid()}`, ...entry };
}

export function dynamoPartyContactStore(table: Table): PartyContactStore {
  return {
    // Create a contact once: Put if absent; gsi1 finds it by the mobile's keyed hash.
    async create(record) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...contactKey(record.reference),
            ...record,
            ...(record.mobileIndex
              ? { gsi1pk: `MOBILE#${record.mobileIndex}`, gsi1sk: `CONTACT#${record.reference}` }
              : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    // What does the contact with this reference hold? GetItem.
    async get(reference) {
      const out = await table.doc.send(
        new GetCommand({ TableName: table.name, Key: contactKey(reference) }),
      );
      if (!out.Item) return undefined;
      const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = out.Item;
      return record as PartyContactRecord;
    },

    // Which contacts have this mobile? Query gsi1 `MOBILE#<keyed hash>`.
    async findByMobile(mobileIndex) {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `MOBILE#${mobileIndex}` },
          Limit: 50,
        }),
      );
      return (out.Items ?? []).map((item) => {
        const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = item;
        return record as PartyContactRecord;
      });
    },

    // Re-issue a code: bump codeVersion if unchanged, with its audit entry, in one transaction.
    async bumpCodeVersion(reference, expected, audit) {
      await table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table.name,
                Key: contactKey(reference),
                UpdateExpression: 'SET codeVersion = :next',
                ConditionExpression: 'codeVersion = :expected',
                ExpressionAttributeValues: { ':next': expected + 1, ':expected': expected },
              },
            },
            { Put: { TableName: table.name, Item: auditItem(audit) } },
          ],
        }),
      );
      return expected + 1;
    },

    // Record who saw or changed what: Put under the reference's audit partition.
    async audit(entry) {
      await table.doc.send(new PutCommand({ TableName: table.name, Item: auditItem(entry) }));
    },

    // Who saw or changed what of this contact, oldest first? Query `AUDIT#<reference>`.
    async listAudit(reference) {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditPk(reference) },
        }),
      );
      return (out.Items ?? []).map((item) => {
        const { pk: _pk, sk: _sk, ...entry } = item;
        return entry as AuditEntry;
      });
    },
  };
}

const attemptKey = (key: string) => ({ pk: `ATTEMPTS#${key}`, sk: 'ATTEMPTS' });

export function dynamoAttemptStore(table: Table): AttemptStore {
  return {
    // Take an attempt: ADD 1 while the window is open and under the limit (opening it if there is
    // none); a lapsed window is replaced by a new one.
    // The condition makes parallel guesses unable to exceed the limit.
    async reserve({ key, max, windowSeconds, nowSeconds }) {
      const cutoff = nowSeconds - windowSeconds;
      for (let round = 0; round < 5; round++) {
        try {
          await table.doc.send(
            new UpdateCommand({
              TableName: table.name,
              Key: attemptKey(key),
              // A first attempt opens the window in the same call.
              UpdateExpression:
                'ADD attempts :one SET windowStart = if_not_exists(windowStart, :now), expiresAt = if_not_exists(expiresAt, :expires)',
              ConditionExpression:
                'attribute_not_exists(pk) OR (windowStart > :cutoff AND attempts < :max)',
              ExpressionAttributeValues: {
                ':one': 1,
                ':now': nowSeconds,
                ':expires': nowSeconds + windowSeconds + 60,
                ':cutoff': cutoff,
                ':max': max,
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          );
          return { ok: true };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          const old = error.Item;
          const windowStart = Number(old?.windowStart?.N ?? 0);
          if (old && windowStart > cutoff) {
            return { ok: false, retryAfterSeconds: Math.max(1, windowStart - cutoff) };
          }
        }
        try {
          await table.doc.send(
            new PutCommand({
              TableName: table.name,
              Item: {
                ...attemptKey(key),
                attempts: 1,
                windowStart: nowSeconds,
                expiresAt: nowSeconds + windowSeconds + 60,
              },
              ConditionExpression: 'attribute_not_exists(pk) OR windowStart <= :cutoff',
              ExpressionAttributeValues: { ':cutoff': cutoff },
            }),
          );
          return { ok: true };
        } catch (error) {
          // Someone opened the window first: count in theirs.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      throw new Error('attempt counter kept changing under us');
    },

    // Give back a reserved attempt (the code was right): ADD -1.
    async refund(key) {
      await table.doc
        .send(
          new UpdateCommand({
            TableName: table.name,
            Key: attemptKey(key),
            UpdateExpression: 'ADD attempts :minus',
            ConditionExpression: 'attempts > :zero',
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
  };
}

const otpKey = (key: string) => ({ pk: `OTP#${key}`, sk: 'OTP' });

export function dynamoRecoveryOtpStore(table: Table): RecoveryOtpStore {
  return {
    // Remember a recovery code's hash until it expires (TTL): Put.
    async put(key, otpHash, expiresAtSeconds) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...otpKey(key), otpHash, expiresAt: expiresAtSeconds },
        }),
      );
    },
    // Use a recovery code once: Delete if it matches and is unexpired.
    async consume(key, otpHash, nowSeconds) {
      try {
        await table.doc.send(
          new DeleteCommand({
            TableName: table.name,
            Key: otpKey(key),
            ConditionExpression: 'otpHash = :h AND expiresAt > :now',
            ExpressionAttributeValues: { ':h': otpHash, ':now': nowSeconds },
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

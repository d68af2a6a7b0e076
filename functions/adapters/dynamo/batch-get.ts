// BatchGetItem of any number of keys: 100 a request, in parallel, unprocessed keys asked again with backoff.
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Table } from './table-client.ts';

/** BatchGetItem reads at most 100 keys at a time. */
const BATCH = 100;
/** Rounds of unprocessed keys before giving up (throttling that does not pass). */
const ROUNDS = 10;

type Key = Record<string, unknown>;

/** The items of these keys that exist, in no particular order; throws if keys stay unprocessed. */
export async function batchGetAll(table: Table, keys: readonly Key[]): Promise<Key[]> {
  const chunks: Key[][] = [];
  for (let i = 0; i < keys.length; i += BATCH) chunks.push(keys.slice(i, i + BATCH));
  const pages = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Key[] = [];
      let pending: Key[] | undefined = chunk;
      for (let round = 0; pending?.length; round++) {
        if (round === ROUNDS) throw new Error(`${table.name}: BatchGetItem left keys unprocessed`);
        if (round) await new Promise((r) => setTimeout(r, 20 * 2 ** round));
        const out: BatchGetCommandOutput = await table.doc.send(
          new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending } } }),
        );
        items.push(...(out.Responses?.[table.name] ?? []));
        pending = out.UnprocessedKeys?.[table.name]?.Keys;
      }
      return items;
    }),
  );
  return pages.flat();
}

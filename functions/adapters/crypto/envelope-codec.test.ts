// The envelope codec with the local key file: round trips, binding, keyed hashes, key file permissions.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { envelopeCodec, type WrappedRootKey } from './envelope-codec.ts';
import { localKeyFile } from './local-key-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'fengqiao-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The root key's home is the table in the app; here, memory. */
function memoryRoot(): WrappedRootKey {
  let wrapped: string | undefined;
  return {
    async getOrCreate(create) {
      wrapped ??= await create();
      return wrapped;
    },
  };
}

const keyFile = join(dir, 'keys', 'personal-data.key');
const keys = localKeyFile(keyFile);
const root = memoryRoot();
const codec = envelopeCodec({ keys, root });

it('creates the key file readable by its owner only', () => {
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
});

it('seals to ciphertext that opens only for the same field and record', async () => {
  const sealed = await codec.seal('mobile', '13812341234', 'PC1');
  expect(sealed).not.toContain('13812341234');
  expect(await codec.open('mobile', sealed, 'PC1')).toBe('13812341234');
  await expect(codec.open('mobile', sealed, 'PC2')).rejects.toThrow();
  await expect(codec.open('id_number', sealed, 'PC1')).rejects.toThrow();
  // Two seals of one value differ (random IV), but share the cached data key.
  const again = await codec.seal('mobile', '13812341234', 'PC1');
  expect(again).not.toBe(sealed);
  expect(again.split('.')[1]).toBe(sealed.split('.')[1]);
});

it('hashes for lookup with a key: stable, per field, and another key gives another hash', async () => {
  const a = await codec.blindIndex('mobile', '13812341234');
  expect(await codec.blindIndex('mobile', '13812341234')).toBe(a);
  expect(await codec.blindIndex('id_number', '13812341234')).not.toBe(a);
  const other = envelopeCodec({ keys, root: memoryRoot() });
  expect(await other.blindIndex('mobile', '13812341234')).not.toBe(a);
  // The same root key in another process gives the same hashes.
  const sameRoot = envelopeCodec({ keys: localKeyFile(keyFile), root });
  expect(await sameRoot.blindIndex('mobile', '13812341234')).toBe(a);
});

it('refuses a ciphertext from another key file', async () => {
  const sealed = await codec.seal('mobile', '13812341234', 'PC1');
  const foreign = envelopeCodec({ keys: localKeyFile(join(dir, 'other.key')), root: memoryRoot() });
  await expect(foreign.open('mobile', sealed, 'PC1')).rejects.toThrow();
});

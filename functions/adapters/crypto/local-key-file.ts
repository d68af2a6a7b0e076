// Local mode's stand-in for KMS: a master key in DATA_DIR/keys (0600) wraps data keys with AES-256-GCM.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataKeySource } from '../personal-data.port.ts';

/** Reads the master key, creating it (owner-only) on first use. */
export function readOrCreateKeyFile(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte key`);
  return key;
}

/** Wraps like KMS does: the purpose is authenticated with the key (KMS's encryption context). */
export function localKeyFile(path: string): DataKeySource {
  const master = readOrCreateKeyFile(path);
  const wrap = (purpose: string, plaintext: Buffer) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', master, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return `local:${Buffer.concat([iv, body]).toString('base64url')}`;
  };
  return {
    async generateDataKey(purpose) {
      const plaintext = randomBytes(32);
      return { plaintext, wrapped: wrap(purpose, plaintext) };
    },
    async unwrap(purpose, wrapped) {
      if (!wrapped.startsWith('local:')) throw new Error('a data key not wrapped by the local key');
      const bytes = Buffer.from(wrapped.slice(6), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', master, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(12, bytes.length - 16)),
        decipher.final(),
      ]);
    },
  };
}

// The personal-data codec: AES-256-GCM under data keys from a DataKeySource, HMACs under a wrapped root key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type {
  DataKeySource,
  MacPurpose,
  PersonalDataCodec,
  PersonalField,
} from '../personal-data.port.ts';

/** Loads the HMAC root key's wrapped form, creating it once (see dynamo/key-store.ts). */
export interface WrappedRootKey {
  getOrCreate(create: () => Promise<string>): Promise<string>;
}

export interface EnvelopeCodecOptions {
  keys: DataKeySource;
  root: WrappedRootKey;
  /** How long one data key encrypts before a new one is asked for (KMS calls cost time and money). */
  dataKeyTtlMs?: number;
  now?: () => number;
}

const VERSION = 'v1';

export function envelopeCodec(options: EnvelopeCodecOptions): PersonalDataCodec {
  const { keys, root, dataKeyTtlMs = 5 * 60_000, now = Date.now } = options;
  let current: { plaintext: Buffer; wrapped: string; until: number } | undefined;
  let pendingKey: Promise<{ plaintext: Buffer; wrapped: string; until: number }> | undefined;
  // Unwrapped keys by their wrapped form; a process sees few (one per TTL period).
  const opened = new Map<string, Promise<Buffer>>();
  let rootKey: Promise<Buffer> | undefined;

  async function dataKey() {
    if (current && current.until > now()) return current;
    pendingKey ??= keys
      .generateDataKey('personal-data')
      .then(({ plaintext, wrapped }) => {
        current = { plaintext: Buffer.from(plaintext), wrapped, until: now() + dataKeyTtlMs };
        return current;
      })
      .finally(() => {
        pendingKey = undefined;
      });
    return pendingKey;
  }

  function openKey(wrapped: string): Promise<Buffer> {
    let key = opened.get(wrapped);
    if (!key) {
      key = keys.unwrap('personal-data', wrapped).then((k) => Buffer.from(k));
      key.catch(() => opened.delete(wrapped));
      if (opened.size > 100) opened.clear();
      opened.set(wrapped, key);
    }
    return key;
  }

  function macKey(label: string): Promise<Buffer> {
    rootKey ??= root
      .getOrCreate(async () => (await keys.generateDataKey('hmac-root')).wrapped)
      .then(async (wrapped) => Buffer.from(await keys.unwrap('hmac-root', wrapped)));
    rootKey.catch(() => {
      rootKey = undefined;
    });
    return rootKey.then((k) =>
      Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), `fengqiao:${label}`, 32)),
    );
  }
  const macKeys = new Map<string, Promise<Buffer>>();
  const keyFor = (label: string) => {
    let key = macKeys.get(label);
    if (!key) {
      key = macKey(label);
      key.catch(() => macKeys.delete(label));
      macKeys.set(label, key);
    }
    return key;
  };

  const aad = (field: PersonalField, boundTo: string) => Buffer.from(`${field}\n${boundTo}`);

  return {
    async seal(field, value, boundTo) {
      const key = await dataKey();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key.plaintext, iv);
      cipher.setAAD(aad(field, boundTo));
      const body = Buffer.concat([
        cipher.update(value, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return [VERSION, key.wrapped, iv.toString('base64url'), body.toString('base64url')].join('.');
    },

    async open(field, sealed, boundTo) {
      const [version, wrapped, iv, body] = sealed.split('.');
      if (version !== VERSION || !wrapped || !iv || !body) throw new Error('not a sealed value');
      const key = await openKey(wrapped);
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad(field, boundTo));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    },

    async blindIndex(field, value) {
      const key = await keyFor(`blind-index:${field}`);
      return createHmac('sha256', key).update(value).digest('base64url');
    },

    async mac(purpose: MacPurpose, message) {
      const key = await keyFor(purpose);
      return createHmac('sha256', key).update(message).digest();
    },
  };
}

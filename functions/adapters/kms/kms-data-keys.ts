// AWS: data keys from KMS (GenerateDataKey / Decrypt), bound to the city and purpose by encryption context.
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { DataKeySource } from '../personal-data.port.ts';

export function kmsDataKeys(options: {
  keyId: string;
  cityId: string;
  client?: KMSClient;
}): DataKeySource {
  const client = options.client ?? new KMSClient({});
  const context = (purpose: string) => ({ app: 'fengqiao', city: options.cityId, purpose });
  return {
    async generateDataKey(purpose) {
      const out = await client.send(
        new GenerateDataKeyCommand({
          KeyId: options.keyId,
          KeySpec: 'AES_256',
          EncryptionContext: context(purpose),
        }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return {
        plaintext: out.Plaintext,
        wrapped: `kms:${Buffer.from(out.CiphertextBlob).toString('base64url')}`,
      };
    },
    async unwrap(purpose, wrapped) {
      if (!wrapped.startsWith('kms:')) throw new Error('a data key not wrapped by KMS');
      const out = await client.send(
        new DecryptCommand({
          KeyId: options.keyId,
          CiphertextBlob: Buffer.from(wrapped.slice(4), 'base64url'),
          EncryptionContext: context(purpose),
        }),
      );
      if (!out.Plaintext) throw new Error('KMS returned no plaintext');
      return out.Plaintext;
    },
  };
}

// The dev issuer's RS256 signing key, persisted in DATA_DIR/keys (0600) so tokens survive a restart.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
}

export async function loadOrCreateSigningKey(path: string): Promise<SigningKey> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', kid: `dev-${Date.now().toString(36)}` };
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      jwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
    }
  }
  chmodSync(path, 0o600);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, 'RS256')) as CryptoKey,
    publicJwk: { ...publicJwk, use: 'sig', alg: 'RS256' },
    kid: jwk.kid!,
  };
}

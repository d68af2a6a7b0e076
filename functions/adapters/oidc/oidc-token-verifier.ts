// OIDC ID tokens (Cognito's included) checked against the issuer's JWKS: signature, alg, iss, aud, exp.
import type { JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../domain/time.ts';
import type { TokenVerifier } from '../token-verifier.port.ts';

/** Asymmetric algorithms only: a shared-secret (HS*) or `none` token is never accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export interface OidcOptions {
  /** Compared with `iss` exactly. */
  issuer: string;
  /** The app client id: an ID token's `aud`. */
  clientId: string;
  clock: Clock;
  /** Overrides discovery (tests). */
  jwksUri?: string;
}

export function oidcTokenVerifier(options: OidcOptions): TokenVerifier {
  let keys: Promise<JWTVerifyGetKey> | undefined;

  // Discovery once per process; a failure is retried on the next request.
  async function discover(): Promise<JWTVerifyGetKey> {
    let jwksUri = options.jwksUri;
    if (!jwksUri) {
      const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`OIDC discovery at ${url} answered ${res.status}`);
      const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
      if (doc.issuer !== options.issuer)
        throw new Error(`OIDC discovery names issuer ${doc.issuer}`);
      if (!doc.jwks_uri) throw new Error('OIDC discovery has no jwks_uri');
      jwksUri = doc.jwks_uri;
    }
    // jose loads on the first staff request: residents' requests (most cold starts) never need it.
    const { createRemoteJWKSet } = await import('./jose-verify.ts');
    return createRemoteJWKSet(new URL(jwksUri), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
    });
  }

  return {
    async verify(token) {
      keys ??= discover();
      keys.catch(() => {
        keys = undefined;
      });
      const { jwtVerify } = await import('./jose-verify.ts');
      const { payload } = await jwtVerify(token, await keys, {
        issuer: options.issuer,
        audience: options.clientId,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub', 'iat'],
        currentDate: options.clock.now(),
      });
      // Cognito marks its tokens; an access token (token_use "access") has no aud of its own.
      if (payload.token_use !== undefined && payload.token_use !== 'id') {
        throw new Error('not an ID token');
      }
      return { issuer: options.issuer, subject: payload.sub! };
    },
  };
}

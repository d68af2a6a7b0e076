// Staff sign-in: ID tokens checked against the issuer's JWKS, accounts from the table, region scope.
import { createHash, randomBytes } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStaffAccountStore } from '../../functions/adapters/dynamo/staff-account-store.ts';
import { createTable } from '../../functions/adapters/dynamo/table-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { type Api, apiFor, createContact } from './helpers.ts';

let server: TestServer;
let api: Api;
beforeAll(async () => {
  server = await startTestServer();
  api = apiFor(server);
});
afterAll(async () => {
  await server?.close();
});

const me = (token?: string) =>
  fetch(`${server.url}/api/staff/me`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });

async function expectUnauthorized(res: Response) {
  expect(res.status).toBe(401);
  expect((await res.json()).error.code).toBe('UNAUTHORIZED');
}

describe('tokens', () => {
  it('accepts a valid ID token of an enabled account and answers who it is', async () => {
    const res = await me(await server.identity.signIdToken('demo-mediator-gjqc'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      name: '马永福',
      roles: ['mediator'],
      region: {
        id: 'wz-litong-gjq-gjqc',
        name: '郭家桥村',
        nameEn: 'Guojiaqiao Village',
        level: 'village',
      },
      rosterMemberId: 'wz-ma-yongfu',
    });
  });

  it('refuses no token, a malformed header, and a token that is not a JWT', async () => {
    await expectUnauthorized(await me());
    await expectUnauthorized(
      await fetch(`${server.url}/api/staff/me`, { headers: { Authorization: 'Basic abc' } }),
    );
    await expectUnauthorized(await me('not.a.jwt'));
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    await expectUnauthorized(
      await me(await server.identity.signIdToken('demo-judge', { iat: past, exp: past + 3600 })),
    );
  });

  it('refuses a token signed by another key, even one claiming the issuer’s key id', async () => {
    const genuine = await server.identity.signIdToken('demo-judge');
    const { kid } = JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString());
    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ iss: server.identity.issuer, aud: 'fengqiao-local' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('demo-judge')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    await expectUnauthorized(await me(forged));
    // A tampered payload under the genuine signature fails the same way.
    const [header, , signature] = genuine.split('.');
    const payload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(genuine.split('.')[1]!, 'base64url').toString()),
        sub: 'demo-agency-admin',
      }),
    ).toString('base64url');
    await expectUnauthorized(await me(`${header}.${payload}.${signature}`));
  });

  it('refuses a symmetric (HS256) token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ iss: server.identity.issuer, aud: 'fengqiao-local' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo-judge')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(randomBytes(32));
    await expectUnauthorized(await me(token));
  });

  it('refuses a token for another audience', async () => {
    await expectUnauthorized(
      await me(await server.identity.signIdToken('demo-judge', { aud: 'another-app' })),
    );
  });

  it('refuses a token from another issuer', async () => {
    await expectUnauthorized(
      await me(
        await server.identity.signIdToken('demo-judge', { iss: 'https://idp.example.org/realm' }),
      ),
    );
  });

  it('refuses a valid token whose account is disabled, or has no account', async () => {
    const accounts = dynamoStaffAccountStore(createTable(server.tableName));
    await accounts.put({
      issuer: server.identity.issuer,
      subject: 'demo-disabled',
      name: '停用账号',
      roles: ['agency_admin'],
      regionId: 'wz',
      rosterMemberId: null,
      enabled: false,
    });
    await expectUnauthorized(await me(await server.identity.signIdToken('demo-disabled')));
    await expectUnauthorized(await me(await server.identity.signIdToken('nobody-at-all')));
  });
});

describe('region scope', () => {
  it('lets a village mediator see their village but answers 403 for another village', async () => {
    const own = await api('/api/staff/regions/wz-litong-gjq-gjqc', { as: 'demo-mediator-gjqc' });
    expect(own.status).toBe(200);
    expect((await own.json()).children.map((r: { id: string }) => r.id)).toEqual([
      'wz-litong-gjq-gjqc-g1',
    ]);
    const other = await api('/api/staff/regions/wz-litong-gjq-zyc', { as: 'demo-mediator-gjqc' });
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe('FORBIDDEN');
    // Up the tree is outside too.
    const town = await api('/api/staff/regions/wz-litong-gjq', { as: 'demo-mediator-gjqc' });
    expect(town.status).toBe(403);
  });

  it('answers 403 to a village mediator for another village’s contact, 200 to the town and the agency', async () => {
    const { reference } = await createContact(api, 'demo-mediator-zyc', {
      name: '杨桂花',
      regionId: 'wz-litong-gjq-zyc',
    });
    const path = `/api/staff/contacts/${reference}`;
    expect((await api(path, { as: 'demo-mediator-zyc' })).status).toBe(200);
    const refused = await api(path, { as: 'demo-mediator-gjqc' });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('FORBIDDEN');
    expect((await api(path, { as: 'demo-mediator-gjq' })).status).toBe(200);
    expect((await api(path, { as: 'demo-agency-admin' })).status).toBe(200);
    // Nor may they create one there.
    const create = await api('/api/staff/contacts', {
      method: 'POST',
      as: 'demo-mediator-gjqc',
      headers: { 'Idempotency-Key': `other-village-${Date.now()}` },
      body: JSON.stringify({ name: '某人', regionId: 'wz-litong-gjq-zyc' }),
    });
    expect(create.status).toBe(403);
  });
});

describe('the dev OIDC issuer', () => {
  it('publishes discovery and JWKS under /dev/oidc on the product’s port', async () => {
    const discovery = await (
      await fetch(`${server.url}/dev/oidc/.well-known/openid-configuration`)
    ).json();
    expect(discovery).toMatchObject({
      issuer: `${server.url}/dev/oidc`,
      jwks_uri: `${server.url}/dev/oidc/jwks.json`,
      code_challenge_methods_supported: ['S256'],
    });
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('signs in through the login page with authorization code + PKCE (S256)', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = `${server.url}/staff/`;
    const params = new URLSearchParams({
      client_id: 'fengqiao-local',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile',
      state: 'xyz',
      nonce: 'n-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const login = await fetch(`${server.url}/dev/oidc/authorize?${params}`);
    expect(login.status).toBe(200);
    const csp = login.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const page = await login.text();
    expect(page).toContain('马永福');
    expect(page).not.toMatch(/<script|<style|style="/);

    const chosen = await fetch(`${server.url}/dev/oidc/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(params), subject: 'demo-legal-advisor' }),
      redirect: 'manual',
    });
    expect(chosen.status).toBe(303);
    const back = new URL(chosen.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('xyz');
    const code = back.searchParams.get('code')!;

    const token = (verifierToSend: string, codeToSend = code) =>
      fetch(`${server.url}/dev/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: codeToSend,
          code_verifier: verifierToSend,
          client_id: 'fengqiao-local',
          redirect_uri: redirectUri,
        }),
      });
    const wrongVerifier = await token(randomBytes(32).toString('base64url'));
    expect(wrongVerifier.status).toBe(400);
    // The code was spent by the failed attempt: codes are single-use.
    expect((await token(verifier)).status).toBe(400);

    // Again, properly.
    const again = await fetch(`${server.url}/dev/oidc/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(params), subject: 'demo-legal-advisor' }),
      redirect: 'manual',
    });
    const code2 = new URL(again.headers.get('location')!).searchParams.get('code')!;
    const ok = await token(verifier, code2);
    expect(ok.status).toBe(200);
    const { id_token } = await ok.json();
    const claims = JSON.parse(Buffer.from(id_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      sub: 'demo-legal-advisor',
      nonce: 'n-1',
      aud: 'fengqiao-local',
    });
    const who = await me(id_token);
    expect(who.status).toBe(200);
    expect((await who.json()).roles).toEqual(['legal_advisor']);
  });

  it('refuses a redirect to another origin and a request without PKCE', async () => {
    const base = {
      client_id: 'fengqiao-local',
      response_type: 'code',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
    };
    const elsewhere = new URLSearchParams({ ...base, redirect_uri: 'https://evil.example/cb' });
    expect((await fetch(`${server.url}/dev/oidc/authorize?${elsewhere}`)).status).toBe(400);
    const noPkce = new URLSearchParams({
      client_id: 'fengqiao-local',
      response_type: 'code',
      redirect_uri: `${server.url}/staff/`,
    });
    expect((await fetch(`${server.url}/dev/oidc/authorize?${noPkce}`)).status).toBe(400);
  });

  it('names the issuer’s origin in the CSP of the API', async () => {
    const res = await fetch(`${server.url}/api/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`form-action 'self' ${server.url}`));
  });
});

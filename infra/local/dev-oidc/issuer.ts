// The dev OIDC issuer under /dev/oidc: discovery, JWKS, a login page of demo accounts, code + PKCE (S256), tokens.
import { createHash, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { SignJWT } from 'jose';
import { type Locale, pickLocale } from '#api/messages.ts';
import type { Clock } from '#domain/time.ts';
import { html, page, type Raw } from '../dev-pages/layout.ts';
import type { DemoAccount } from './demo-accounts.ts';
import { loadOrCreateSigningKey } from './signing-key.ts';

export const DEV_OIDC_PATH = '/dev/oidc';
/** The client id local mode configures for the site's staff pages. */
export const DEV_CLIENT_ID = 'fengqiao-local';
const CODE_TTL_MS = 60_000;
const TOKEN_TTL_SECONDS = 3600;

export interface DevIssuerOptions {
  /** `http://HOST:PORT/dev/oidc`, known once the server listens. */
  issuer(): string;
  clientId?: string;
  keyFile: string;
  accounts: readonly DemoAccount[];
  /**
   * Accounts made since (an agency admin's, in the table): listed and signed in like the demo
   * ones, as a real issuer knows the users the agency registered.
   */
  moreAccounts?: () => Promise<readonly DemoAccount[]>;
  clock: Clock;
}

export interface DevIssuer {
  /** Mount at /dev/oidc. */
  app: Hono;
  /** Signs an ID token as the login would (tests override claims to make bad ones). */
  signIdToken(subject: string, overrides?: Record<string, unknown>): Promise<string>;
}

interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state: string;
  nonce: string;
  code_challenge: string;
  code_challenge_method: string;
  ui_locales: string;
}

const paramNames: (keyof AuthorizeParams)[] = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'ui_locales',
];

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const s256 = (verifier: string) => base64url(createHash('sha256').update(verifier).digest());

export async function createDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const clientId = options.clientId ?? DEV_CLIENT_ID;
  const key = await loadOrCreateSigningKey(options.keyFile);
  const demo = new Map(options.accounts.map((a) => [a.subject, a]));
  /** The demo accounts and those made since, read when a page or a token needs them. */
  async function known(): Promise<Map<string, DemoAccount>> {
    const more = options.moreAccounts ? await options.moreAccounts() : [];
    return new Map([
      ...demo,
      ...more.filter((a) => !demo.has(a.subject)).map((a) => [a.subject, a] as const),
    ]);
  }
  const codes = new Map<
    string,
    { subject: string; redirectUri: string; challenge: string; nonce: string; until: number }
  >();

  async function signIdToken(subject: string, overrides: Record<string, unknown> = {}) {
    const now = Math.floor(options.clock.now().getTime() / 1000);
    const account = (await known()).get(subject);
    // Overrides come last so tests can make expired, foreign or mis-addressed tokens.
    return new SignJWT({
      iss: options.issuer(),
      aud: clientId,
      sub: subject,
      iat: now,
      exp: now + TOKEN_TTL_SECONDS,
      ...(account ? { name: account.name } : {}),
      ...overrides,
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  /** What is wrong with an authorization request, or undefined when it can proceed. */
  function problem(p: Partial<AuthorizeParams>, en: boolean): string | undefined {
    if (p.client_id !== clientId)
      return en
        ? `Unknown client_id (expected ${clientId}).`
        : `client_id 不正确（应为 ${clientId}）。`;
    if (p.response_type !== 'code')
      return en ? 'response_type must be "code".' : 'response_type 必须为 code。';
    let redirect: URL;
    try {
      redirect = new URL(p.redirect_uri ?? '');
    } catch {
      return en ? 'redirect_uri must be an absolute URL.' : 'redirect_uri 必须是完整网址。';
    }
    // Only back to the product itself: this issuer serves one local origin.
    if (redirect.origin !== new URL(options.issuer()).origin) {
      return en ? 'redirect_uri must be on this server.' : 'redirect_uri 必须指向本机的枫桥。';
    }
    if (p.code_challenge_method !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(p.code_challenge ?? '')) {
      return en
        ? 'PKCE is required: code_challenge with code_challenge_method=S256.'
        : '必须使用 PKCE：code_challenge 与 code_challenge_method=S256。';
    }
    return undefined;
  }

  function localeOf(p: Partial<AuthorizeParams>, acceptLanguage?: string): Locale {
    return pickLocale(p.ui_locales || acceptLanguage);
  }

  function loginPage(
    p: Partial<AuthorizeParams>,
    locale: Locale,
    status: string | undefined,
    accounts: Map<string, DemoAccount>,
  ): Raw {
    const en = locale === 'en';
    const hidden = paramNames
      .filter((name) => p[name])
      .map((name) => html`<input type="hidden" name="${name}" value="${p[name]!}">`);
    const items = [...accounts.values()].map(
      (a) => html`<li><button class="account" type="submit" name="subject" value="${a.subject}">
<span class="name">${en ? a.nameEn : a.name}</span>
<span class="about">${en ? a.aboutEn : a.about}</span>
<span class="meta">${a.roles.join(', ')} · ${a.regionId}${a.rosterMemberId ? ` · ${a.rosterMemberId}` : ''}</span>
</button></li>`,
    );
    if (status) {
      return html`<p class="notice" role="alert">${status}</p>
<h2>${en ? 'Demo accounts' : '演示账号'}</h2>
<ul class="accounts">${[...accounts.values()].map((a) => html`<li>${en ? a.nameEn : a.name} — ${en ? a.aboutEn : a.about} (<code>${a.subject}</code>)</li>`)}</ul>`;
    }
    return html`<p>${en ? 'Choose a demo account to sign in. There are no passwords: this issuer exists only on this machine.' : '请选择一个演示账号登录。本地演示不需要密码，此登录页只在本机运行。'}</p>
<form method="post" action="${DEV_OIDC_PATH}/authorize">
${hidden}
<ul class="accounts">${items}</ul>
</form>`;
  }

  const app = new Hono();

  app.get('/.well-known/openid-configuration', (c) => {
    const issuer = options.issuer();
    return c.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'profile'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name'],
      ui_locales_supported: ['zh-CN', 'en'],
    });
  });

  app.get('/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ keys: [key.publicJwk] });
  });

  app.get('/authorize', async (c) => {
    const p = Object.fromEntries(
      paramNames.map((n) => [n, c.req.query(n)]),
    ) as Partial<AuthorizeParams>;
    const locale = localeOf(p, c.req.header('Accept-Language'));
    const en = locale === 'en';
    const bare = !p.client_id && !p.redirect_uri;
    const wrong = bare
      ? en
        ? 'Open the staff sign-in from the site; this page is where it lands. The accounts you can use:'
        : '请从网站的工作人员入口登录，登录时会来到此页。可用的演示账号：'
      : problem(p, en);
    const other = new URL(c.req.url);
    other.searchParams.set('ui_locales', en ? 'zh-CN' : 'en');
    c.header('Cache-Control', 'no-store');
    return c.html(
      page({
        locale,
        title: en ? 'Sign in (local demo) · Fengqiao' : '工作人员登录（本地演示）· 枫桥',
        heading: en ? 'Staff sign-in (local demo)' : '工作人员登录（本地演示）',
        body: loginPage(p, locale, wrong, await known()),
        otherLanguageHref: `${other.pathname}${other.search}`,
      }),
      wrong && !bare ? 400 : 200,
    );
  });

  app.post('/authorize', async (c) => {
    const form = await c.req.parseBody();
    const p = Object.fromEntries(
      paramNames.map((n) => [n, typeof form[n] === 'string' ? form[n] : undefined]),
    ) as Partial<AuthorizeParams>;
    const en = localeOf(p, c.req.header('Accept-Language')) === 'en';
    const subject = typeof form.subject === 'string' ? form.subject : '';
    const wrong = problem(p, en) ?? ((await known()).has(subject) ? undefined : 'unknown account');
    if (wrong) return c.text(wrong, 400);
    const code = base64url(randomBytes(32));
    codes.set(code, {
      subject,
      redirectUri: p.redirect_uri!,
      challenge: p.code_challenge!,
      nonce: p.nonce ?? '',
      until: Date.now() + CODE_TTL_MS,
    });
    const target = new URL(p.redirect_uri!);
    target.searchParams.set('code', code);
    if (p.state) target.searchParams.set('state', p.state);
    return c.redirect(target.toString(), 303);
  });

  app.post('/token', async (c) => {
    c.header('Cache-Control', 'no-store');
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const fail = (error: string, description: string) =>
      c.json({ error, error_description: description }, 400);
    if (field('grant_type') !== 'authorization_code') {
      return fail('unsupported_grant_type', 'only authorization_code');
    }
    const code = field('code');
    const grant = codes.get(code);
    codes.delete(code);
    if (!grant || grant.until < Date.now()) return fail('invalid_grant', 'unknown or expired code');
    if (field('client_id') !== clientId) return fail('invalid_client', 'unknown client_id');
    if (field('redirect_uri') !== grant.redirectUri)
      return fail('invalid_grant', 'redirect_uri differs');
    if (s256(field('code_verifier')) !== grant.challenge) {
      return fail('invalid_grant', 'code_verifier does not match code_challenge');
    }
    const idToken = await signIdToken(grant.subject, grant.nonce ? { nonce: grant.nonce } : {});
    return c.json({
      id_token: idToken,
      access_token: idToken,
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_SECONDS,
    });
  });

  // For curl and scripts: a token without the browser dance (this issuer is never deployed).
  app.post('/dev-token', async (c) => {
    const form = await c.req.parseBody();
    const subject = typeof form.subject === 'string' ? form.subject : '';
    if (!(await known()).has(subject)) return c.json({ error: 'unknown subject' }, 400);
    c.header('Cache-Control', 'no-store');
    return c.json({ id_token: await signIdToken(subject), token_type: 'Bearer' });
  });

  return { app, signIdToken };
}

// Staff sign-in: OIDC authorization code with PKCE (S256) against the configured issuer (Cognito's
// hosted UI on AWS, the dev issuer locally), the ID token kept in sessionStorage for this tab and
// sent as a Bearer token; an expired or refused token sends the user through sign-in and back.

const TOKEN = 'fq.staff.idToken';
const PENDING = 'fq.staff.signIn';
const WORKED = 'fq.staff.tokenWorked';
const SIGNED_OUT = 'fq.staff.signedOut';

export interface IssuerConfig {
  issuer: string;
  clientId: string;
  locale: string;
  /** Absolute URL of the callback page (must be registered with the issuer). */
  callback: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  redirectUri: string;
}

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const random = (length: number) => base64url(crypto.getRandomValues(new Uint8Array(length)));

async function discover(config: IssuerConfig): Promise<Discovery> {
  const response = await fetch(`${config.issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  return (await response.json()) as Discovery;
}

/** The token's claims without checking them (the API checks the signature; this only reads exp). */
function claims(token: string): Record<string, unknown> {
  try {
    const part = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The ID token, or undefined when none is kept or it has expired. */
export function currentToken(): string | undefined {
  const token = sessionStorage.getItem(TOKEN) ?? undefined;
  if (!token) return undefined;
  const exp = Number(claims(token).exp ?? 0);
  if (exp * 1000 <= Date.now()) {
    sessionStorage.removeItem(TOKEN);
    return undefined;
  }
  return token;
}

/** Forgets a token the API refused. */
export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN);
}

/** Notes that the API accepted the current token (a later 401 means it expired). */
export function tokenWorked(): void {
  sessionStorage.setItem(WORKED, '1');
}

/**
 * True when the API refused a token it never accepted: signing in again would only come back to
 * the same refusal (an unknown or disabled account, a misconfigured client), so say so instead.
 */
export function freshTokenRefused(): boolean {
  return sessionStorage.getItem(WORKED) !== '1';
}

/** True after the user signed out in this tab, until they sign in again. */
export function signedOut(): boolean {
  return sessionStorage.getItem(SIGNED_OUT) === '1';
}

/** Leaves for the issuer's sign-in page; the callback brings the user back to `returnTo`. */
export async function signIn(config: IssuerConfig, returnTo: string): Promise<void> {
  const endpoints = await discover(config);
  const verifier = random(32);
  const challenge = base64url(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
  );
  const pending: Pending = {
    verifier,
    state: random(16),
    nonce: random(16),
    returnTo,
    redirectUri: config.callback,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  sessionStorage.removeItem(SIGNED_OUT);
  const target = new URL(endpoints.authorization_endpoint);
  for (const [name, value] of Object.entries({
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ui_locales: config.locale,
  }))
    target.searchParams.set(name, value);
  location.assign(target.toString());
}

/** On the callback page: trades the code for tokens; resolves to where the user was going. */
export async function completeSignIn(config: IssuerConfig): Promise<string> {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING);
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) {
    throw new Error('sign-in state does not match');
  }
  const endpoints = await discover(config);
  const response = await fetch(endpoints.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const { id_token: idToken } = (await response.json()) as { id_token?: string };
  if (!idToken || claims(idToken).nonce !== pending.nonce) throw new Error('bad ID token');
  sessionStorage.setItem(TOKEN, idToken);
  sessionStorage.removeItem(WORKED);
  // Only back into the portal on this origin.
  const back = new URL(pending.returnTo, location.origin);
  return back.origin === location.origin && /^\/(en\/)?staff\//.test(back.pathname)
    ? `${back.pathname}${back.search}`
    : '/staff/';
}

/**
 * Forgets the token and ends the issuer's session where it has one: the discovery document's
 * end_session_endpoint, or Cognito's hosted-UI `/logout` (its discovery names none). The
 * signed-out page must be a registered logout URL (`/staff/` or `/en/staff/`).
 */
export async function signOut(config: IssuerConfig, signedOutUrl: string): Promise<void> {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(WORKED);
  sessionStorage.setItem(SIGNED_OUT, '1');
  const endpoints = await discover(config).catch(() => undefined);
  const authorize = endpoints ? new URL(endpoints.authorization_endpoint) : undefined;
  const end =
    endpoints?.end_session_endpoint ??
    (authorize?.pathname === '/oauth2/authorize' ? `${authorize.origin}/logout` : undefined);
  if (end) {
    const target = new URL(end);
    target.searchParams.set('client_id', config.clientId);
    target.searchParams.set('logout_uri', signedOutUrl);
    target.searchParams.set('post_logout_redirect_uri', signedOutUrl);
    location.assign(target.toString());
    return;
  }
  location.assign(signedOutUrl);
}

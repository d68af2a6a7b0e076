// The one authorization middleware: finds the route's rule, resolves the staff caller, checks role and region.
import type { MiddlewareHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { StaffAccountStore } from '#adapters/staff-account-store.port.ts';
import type { TokenVerifier } from '#adapters/token-verifier.port.ts';
import {
  type AccessRule,
  type Caller,
  hasAnyRole,
  isWithinRegion,
  type RegionLink,
} from '#domain/access.ts';
import { Forbidden, NotFound, Unauthorized } from '#domain/errors.ts';
import type { AppEnv } from '../app-env.ts';
import type { AppLogger } from '../logger.ts';

export interface AuthorizationOptions {
  rules: readonly AccessRule[];
  /** Absent when no issuer is configured: every staff route then answers 401. */
  tokens?: TokenVerifier;
  accounts: StaffAccountStore;
  /** The city's regions by id (cached by the caller of this middleware). */
  regions(): Promise<ReadonlyMap<string, RegionLink>>;
  /** Every route the app registered, to refuse one that has no rule. */
  // biome-ignore lint/suspicious/noExplicitAny: any Hono app's route list
  routes(): readonly { method: string; path: string; handler: any }[];
  logger: AppLogger;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

export function authorization(options: AuthorizationOptions): MiddlewareHandler<AppEnv> {
  let rules: TrieRouter<AccessRule> | undefined;
  let known: TrieRouter<true> | undefined;

  function ruleFor(method: string, path: string) {
    if (!rules) {
      rules = new TrieRouter<AccessRule>();
      for (const rule of options.rules) rules.add(rule.method, rule.path, rule);
    }
    const [matches] = rules.match(method === 'HEAD' ? 'GET' : method, path) as [
      [AccessRule, Record<string, string>][],
    ];
    return matches[0];
  }

  function isRoute(method: string, path: string): boolean {
    if (!known) {
      known = new TrieRouter<true>();
      for (const route of options.routes()) {
        if (route.method !== 'ALL') known.add(route.method, route.path, true);
      }
    }
    return known.match(method === 'HEAD' ? 'GET' : method, path)[0].length > 0;
  }

  async function authenticate(header: string | undefined, why: string[]): Promise<Caller> {
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    if (!token) {
      why.push(header ? 'malformed Authorization header' : 'no token');
      throw new Unauthorized();
    }
    if (!options.tokens) {
      why.push('no issuer configured');
      throw new Unauthorized();
    }
    let verified: Awaited<ReturnType<TokenVerifier['verify']>>;
    try {
      verified = await options.tokens.verify(token);
    } catch (error) {
      why.push(`token refused: ${(error as Error).message}`);
      throw new Unauthorized();
    }
    // Tokens authenticate, the table authorizes.
    const account = await options.accounts.find(verified.issuer, verified.subject);
    if (account?.enabled !== true) {
      why.push(account ? 'account disabled' : 'no account for this token');
      throw new Unauthorized();
    }
    return {
      issuer: account.issuer,
      subject: account.subject,
      name: account.name,
      roles: account.roles,
      regionId: account.regionId,
      rosterMemberId: account.rosterMemberId,
    };
  }

  return async (c, next) => {
    const match = ruleFor(c.req.method, c.req.path);
    if (!match) {
      // Deny by default: a registered route nobody wrote a rule for is a bug, not a public route.
      if (isRoute(c.req.method, c.req.path)) {
        options.logger.error('route without an access rule', {
          method: c.req.method,
          path: c.req.path,
        });
        throw new Forbidden();
      }
      return next();
    }
    const [rule, params] = match;
    if (rule.scope === 'public' || rule.scope === 'resident') return next();

    const why: string[] = [];
    let caller: Caller;
    try {
      caller = await authenticate(c.req.header('Authorization'), why);
    } finally {
      if (why.length > 0) {
        // A missing token is routine (a signed-out page); a refused one is worth a look.
        const level = why[0] === 'no token' ? 'info' : 'warn';
        options.logger[level]('staff authentication refused', {
          requestId: c.get('requestId'),
          path: c.req.path,
          reason: why.join('; '),
        });
      }
    }
    if (!hasAnyRole(caller, rule.roles ?? [])) throw new Forbidden();

    let regionChecked = false;
    c.set('staff', {
      caller,
      async requireRegion(regionId) {
        const regions = await options.regions();
        if (!regions.has(regionId)) throw new NotFound();
        if (!isWithinRegion(regionId, caller.regionId, regions)) throw new Forbidden();
        regionChecked = true;
      },
      async inRegion(regionId) {
        const regions = await options.regions();
        regionChecked = true;
        return isWithinRegion(regionId, caller.regionId, regions);
      },
    });
    if (rule.regionParam) await c.get('staff').requireRegion(params[rule.regionParam] ?? '');
    await next();
    // A region-scoped route that answered without checking a region would leak across regions.
    // A replay is the answer this same caller was given for the same request, its region checked
    // then (the idempotency scope of a staff create includes the caller).
    const replayed = c.res.headers.get('Idempotent-Replayed') === 'true';
    if (rule.scope === 'own-region' && !regionChecked && !replayed && c.res.status < 400) {
      options.logger.error('own-region route answered without a region check', {
        method: c.req.method,
        path: c.req.path,
      });
      throw new Forbidden();
    }
  };
}

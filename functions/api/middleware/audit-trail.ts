// The audit trail: every successful staff or admin write (and every unmask) leaves one entry; a case change writes it in the change's own transaction.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { monotonicFactory } from 'ulid';
import type { AuditLog } from '#adapters/audit-log.port.ts';
import { dynamoAuditLog } from '#adapters/dynamo/audit-log-store.ts';
import type { CaseStore, ExtraItem } from '#adapters/dynamo/case-store.ts';
import type { AccessRule } from '#domain/access.ts';
import { type AuditEntry, actionOf, caseDiff, scrub, targetOf } from '#domain/audit.ts';
import { businessDate, type Clock, toBusinessIso } from '#domain/time.ts';
import { accessRules } from '../access-rules.ts';
import type { AppEnv } from '../app-env.ts';
import type { RouteContext } from '../route-context.ts';

/**
 * POSTs that only read (a search by mobile): not audited. Every other non-GET route under
 * /api/staff and /api/admin is, without a line of its own.
 */
export const readLikePosts: ReadonlySet<string> = new Set(['POST /api/staff/contacts/search']);

/** What the request in flight is, for the entries its case changes write. */
export interface AuditScope {
  actor: AuditEntry['actor'];
  method: string;
  route: string;
  action: string;
  target: AuditEntry['target'];
  requestId?: string;
  /** Entries written in a change's transaction during this request. */
  written: number;
}

const scopes = new AsyncLocalStorage<AuditScope>();
/** Entry ids keep increasing within a millisecond too: the log's order is the order of writes. */
const ulid = monotonicFactory();

/** Runs `work` as one audited request (a resident's action, which no staff middleware sees). */
export const withAudit = <T>(scope: Omit<AuditScope, 'written'>, work: () => Promise<T>) =>
  scopes.run({ ...scope, written: 0 }, work);

function entryOf(
  scope: AuditScope,
  clock: Clock,
  rest: Pick<AuditEntry, 'target' | 'before' | 'after'> &
    Partial<Pick<AuditEntry, 'summary' | 'status'>>,
): AuditEntry {
  const now = clock.now();
  return {
    id: ulid(now.getTime()),
    at: toBusinessIso(now),
    date: businessDate(now),
    actor: scope.actor,
    action: scope.action,
    method: scope.method,
    route: scope.route,
    ...rest,
    ...(scope.requestId ? { requestId: scope.requestId } : {}),
  };
}

/**
 * The case store with the audit log in every change made during an audited request: the entry
 * (versions, changed fields before and after, personal data masked) is one more item of the
 * change's transaction, so an acknowledged change is never missing from the log. Outside a
 * request (workflow tasks, the system's deadlines) it is the plain store.
 */
export function auditedCaseStore(inner: CaseStore, log: AuditLog, clock: Clock): CaseStore {
  return {
    ...inner,
    async change(caseNumber, decide, options) {
      const scope = scopes.getStore();
      if (!scope) return inner.change(caseNumber, decide, options);
      const result = await inner.change(
        caseNumber,
        (current) => {
          const change = decide(current);
          if (!change) return change;
          const diff = caseDiff(current, { ...change.record, version: current.version + 1 });
          const target = { type: 'case' as const, id: current.caseNumber };
          return {
            ...change,
            extra: [...(change.extra ?? []), log.item(entryOf(scope, clock, { target, ...diff }))],
          };
        },
        options,
      );
      if (result.changed) scope.written++;
      return result;
    },
    async create(input) {
      const scope = scopes.getStore();
      if (!scope) return inner.create(input);
      const result = await inner.create({
        ...input,
        build(n) {
          const change = input.build(n);
          const diff = caseDiff(undefined, change.record);
          const target = { type: 'case' as const, id: change.record.caseNumber };
          return {
            ...change,
            extra: [...(change.extra ?? []), log.item(entryOf(scope, clock, { target, ...diff }))],
          };
        },
      });
      if (result.created) scope.written++;
      return result;
    },
  };
}

/**
 * The audit entry of a change other than a case's (the city's config, a staff account), as one
 * more item of that change's own transaction: before and after as given, scrubbed. Outside an
 * audited request there is none. Call `written()` once the transaction committed, so the
 * middleware adds no second entry.
 */
export function auditItemsFor(
  log: AuditLog,
  clock: Clock,
  change: Pick<AuditEntry, 'target' | 'before' | 'after'>,
): { items: ExtraItem[]; written(): void } {
  const scope = scopes.getStore();
  if (!scope) return { items: [], written: () => {} };
  const entry = entryOf(scope, clock, {
    target: change.target,
    before: change.before && (scrub(change.before) as Record<string, unknown>),
    after: change.after && (scrub(change.after) as Record<string, unknown>),
  });
  return {
    items: [log.item(entry)],
    written: () => {
      scope.written++;
    },
  };
}

/** Path parameters that name the entry's target (`target`), not repeated in its summary. */
const TARGET_PARAMS = new Set(['caseNumber', 'reference', 'memberId', 'providerId', 'regionId']);

export interface AuditTrailOptions {
  log: AuditLog;
  clock: Clock;
  rules: readonly AccessRule[];
}

/**
 * After the authorization middleware, on /api/staff/* and /api/admin/*: a non-GET request that
 * succeeded (2xx, not an idempotent replay) is audited. Case changes wrote their entries in
 * their own transactions; any other action gets one entry here, written before the response
 * leaves (a failed write fails the request, so an unmasked number is never shown unaudited).
 */
export function auditTrail(options: AuditTrailOptions): MiddlewareHandler<AppEnv> {
  const router = new TrieRouter<AccessRule>();
  for (const rule of options.rules) router.add(rule.method, rule.path, rule);
  return async (c, next) => {
    const method = c.req.method;
    const [matches] = router.match(method, c.req.path) as [[AccessRule, Record<string, string>][]];
    const [rule, params] = matches[0] ?? [];
    const staff = c.get('staff');
    if (method === 'GET' || method === 'HEAD' || !rule || !params || !staff) return next();
    if (readLikePosts.has(`${method} ${rule.path}`)) return next();
    const { caller } = staff;
    const scope: AuditScope = {
      actor: {
        subject: caller.subject,
        issuer: caller.issuer,
        name: caller.name,
        roles: caller.roles,
        rosterMemberId: caller.rosterMemberId,
      },
      method,
      route: rule.path,
      action: actionOf(method, rule.path),
      target: targetOf(rule.path, params),
      requestId: c.get('requestId'),
      written: 0,
    };
    await scopes.run(scope, () => next());
    const status = c.res.status;
    if (status >= 300 || c.res.headers.get('Idempotent-Replayed') === 'true' || scope.written > 0)
      return;
    const body = await c.req.json().catch(() => undefined);
    // What the path names besides the target: the party of a case, the session…
    const named = Object.fromEntries(
      Object.entries(params).filter(([key]) => !TARGET_PARAMS.has(key)),
    );
    await options.log.append(
      entryOf(scope, options.clock, {
        target: scope.target ?? targetOf(rule.path, params, c.res.headers.get('Location')),
        before: null,
        after: null,
        summary: {
          ...(Object.keys(named).length ? { params: scrub(named) } : {}),
          ...(body && typeof body === 'object' ? { request: scrub(body) } : {}),
          ...(c.res.headers.get('Location') ? { created: c.res.headers.get('Location') } : {}),
        },
        status,
      }),
    );
  };
}

/** The audit trail of an app's staff or admin routes, mounted by their group before its routes. */
export const auditTrailOf = (context: RouteContext) =>
  auditTrail({
    log: dynamoAuditLog(context.deps.table),
    clock: context.deps.clock,
    rules: context.deps.accessRules ?? accessRules,
  });

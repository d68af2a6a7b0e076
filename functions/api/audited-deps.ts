// The case deps of the staff and admin functions: every change made during an audited request writes its audit entry in its own transaction (the public function's residents' actions are on the timeline only).
import { dynamoAuditLog } from '#adapters/dynamo/audit-log-store.ts';
import { auditedCaseStore } from './middleware/audit-trail.ts';
import type { RouteContext } from './route-context.ts';
import { caseDepsOf } from './route-deps.ts';

const built = new WeakMap<RouteContext, ReturnType<typeof caseDepsOf>>();

export function auditedCaseDepsOf(context: RouteContext): ReturnType<typeof caseDepsOf> {
  let deps = built.get(context);
  if (!deps) {
    const plain = caseDepsOf(context);
    deps = {
      ...plain,
      cases: auditedCaseStore(plain.cases, dynamoAuditLog(context.deps.table), context.deps.clock),
    };
    built.set(context, deps);
  }
  return deps;
}

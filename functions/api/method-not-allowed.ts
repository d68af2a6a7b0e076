// app.notFound: answers 405 with Allow when the path exists under another method, 404 otherwise.
import type { Context, Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { MethodNotAllowed, NotFound } from '#domain/errors.ts';
import { renderDomainError } from './http-errors.ts';

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env and schema
export function notFoundOr405(app: Hono<any, any, any>): (c: Context) => Response {
  let router: TrieRouter<true> | undefined;
  return (c) => {
    if (!router) {
      // Built on first use, after every route is registered.
      router = new TrieRouter<true>();
      for (const route of app.routes) {
        if (route.method !== 'ALL') router.add(route.method, route.path, true);
      }
    }
    const table = router;
    const allow = methods.filter((m) => table.match(m, c.req.path)[0].length > 0);
    if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD');
    if (allow.length > 0 && !allow.includes(c.req.method as (typeof methods)[number])) {
      return renderDomainError(c, new MethodNotAllowed(allow));
    }
    return renderDomainError(c, new NotFound());
  };
}

// The local server's app: the API under /api and the built Astro site at /, on one port.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { securityHeaders } from '#api/security-headers.ts';
import { type DevPages, mountDevPages } from './dev-pages/mount.ts';

export interface SiteServerOptions {
  /** The Hono API app (the same module Lambda runs). */
  api: { fetch(request: Request): Response | Promise<Response> };
  /** The built site (web/dist). */
  webDir: string;
  issuerOrigin?: string;
  /** Local-only pages: the dev OIDC issuer under /dev/oidc and the outbox at /dev/outbox. */
  dev?: DevPages;
}

export function siteServer({ api, webDir, issuerOrigin, dev }: SiteServerOptions): Hono {
  const app = new Hono();
  app.all('/api', (c) => api.fetch(c.req.raw));
  app.all('/api/*', (c) => api.fetch(c.req.raw));

  app.use(securityHeaders({ issuerOrigin }));
  // Before the site's cache rule: these pages set their own (tokens are never cached).
  if (dev) mountDevPages(app, dev);
  app.use(async (c, next) => {
    await next();
    // Astro fingerprints what it puts in /_astro/, so those files never change.
    c.header(
      'Cache-Control',
      c.req.path.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
  });
  app.use(serveStatic({ root: webDir }));
  app.notFound((c) => {
    const english = c.req.path === '/en' || c.req.path.startsWith('/en/');
    const page = [english ? join(webDir, 'en', '404.html') : '', join(webDir, '404.html')].find(
      (file) => file && existsSync(file),
    );
    if (!page) return c.text('Not found', 404);
    return c.html(readFileSync(page, 'utf8'), 404);
  });
  return app;
}

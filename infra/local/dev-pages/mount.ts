// Mounts local mode's dev pages on the site server: the dev OIDC issuer, the outbox, their stylesheet.
import type { Hono } from 'hono';
import type { OutboxReader } from '#adapters/notifier.port.ts';
import { DEV_OIDC_PATH } from '../dev-oidc/issuer.ts';
import { DEV_CSS, DEV_CSS_PATH } from './layout.ts';
import { outboxPage } from './outbox-page.ts';

export interface DevPages {
  /** The dev OIDC issuer's routes (createDevIssuer().app). */
  oidc?: Hono;
  outbox?: OutboxReader;
}

export function mountDevPages(app: Hono, dev: DevPages): void {
  app.get(DEV_CSS_PATH, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(DEV_CSS);
  });
  if (dev.oidc) app.route(DEV_OIDC_PATH, dev.oidc);
  const outbox = dev.outbox;
  if (outbox) {
    app.get('/dev/outbox', async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.html(
        await outboxPage(outbox, {
          acceptLanguage: c.req.header('Accept-Language'),
          uiLocales: c.req.query('ui_locales'),
        }),
      );
    });
  }
}

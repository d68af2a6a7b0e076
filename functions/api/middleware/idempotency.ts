// Route middleware for creates: Idempotency-Key required; a replay returns the first response again.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import {
  IdempotencyInFlight,
  IdempotencyKeyRequired,
  IdempotencyKeyReused,
  ValidationFailed,
} from '#domain/errors.ts';
import type { Clock } from '#domain/time.ts';

export interface IdempotencyOptions {
  store: IdempotencyStore;
  clock: Clock;
  /** How long a duplicate waits for the first request before giving up (CONTRACT: 10 s). */
  waitMs?: number;
  /** How long a claim holds before another request may take it over (its process died). */
  lockSeconds?: number;
  /**
   * Turns a response body into what is stored (e.g. without a resident's tracking code, which is
   * never stored), and a stored body back into the response a replay sends (re-deriving it).
   * Both see successful (< 400) bodies only.
   */
  secret?: {
    strip(body: string): string;
    restore(body: string): Promise<string>;
  };
}

const TTL_SECONDS = 24 * 60 * 60;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Response headers worth replaying; the rest are per-response (request id, date…). */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'content-language'];

export function idempotent(options: IdempotencyOptions): MiddlewareHandler {
  const { store, clock, waitMs = 10_000, lockSeconds = 30, secret } = options;
  return async (c, next) => {
    const idempotencyKey = c.req.header('Idempotency-Key');
    if (idempotencyKey === undefined) throw new IdempotencyKeyRequired();
    if (!KEY_PATTERN.test(idempotencyKey)) {
      throw new ValidationFailed({
        'header.Idempotency-Key': 'must be 1–255 printable ASCII characters',
      });
    }
    // A staff create is remembered per caller too: a replay answers only the caller who made the
    // request (authorized then, for the same body), never another login using the same key.
    const caller = (c.get('staff') as { caller?: { issuer: string; subject: string } } | undefined)
      ?.caller;
    const scope = `${c.req.method} ${c.req.routePath}${caller ? ` ${caller.issuer} ${caller.subject}` : ''}`;
    // Same key, same request = same method, path and body bytes.
    const body = await c.req.text();
    const fingerprint = createHash('sha256')
      .update(`${c.req.method}\n${c.req.path}\n`)
      .update(body)
      .digest('base64url');

    const started = Date.now();
    for (;;) {
      const outcome = await store.begin({
        scope,
        key: idempotencyKey,
        fingerprint,
        nowSeconds: Math.floor(clock.now().getTime() / 1000),
        lockSeconds,
        ttlSeconds: TTL_SECONDS,
      });
      if (outcome.state === 'mismatch') throw new IdempotencyKeyReused();
      if (outcome.state === 'replay') {
        const { status, headers, body: stored } = outcome.response;
        const replayBody = secret && status < 400 ? await secret.restore(stored) : stored;
        return new Response(replayBody, {
          status,
          headers: { ...headers, 'Idempotent-Replayed': 'true' },
        });
      }
      if (outcome.state === 'started') break;
      if (Date.now() - started >= waitMs) throw new IdempotencyInFlight();
      await new Promise((r) => setTimeout(r, 100));
    }

    try {
      await next();
    } catch (error) {
      await store.release(scope, idempotencyKey);
      throw error;
    }
    const response = c.res;
    // Server-side failures are not remembered, so the client's retry runs again.
    if (response.status >= 500) {
      await store.release(scope, idempotencyKey);
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const raw = await response.clone().text();
    const text = secret && response.status < 400 ? secret.strip(raw) : raw;
    await store.complete(scope, idempotencyKey, { status: response.status, headers, body: text });
  };
}

// The one place that turns errors into the documented error shape and HTTP status.

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  DomainError,
  MalformedJson,
  MethodNotAllowed,
  PayloadTooLarge,
  TooManyAttempts,
  Unauthorized,
  UnsupportedMediaType,
} from '#domain/errors.ts';
import { type ErrorCode, errorMessages, pickLocale } from './messages.ts';

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'SLOT_FULL' }),
      message: z.string().openapi({ example: '该时段已约满，请选择其他时段' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('ErrorResponse');

/** Renders a DomainError; unknown codes fall back to 500 so a typo can't leak a raw error. */
export function renderDomainError(c: Context, error: DomainError): Response {
  const entry = errorMessages[error.code as ErrorCode] ?? errorMessages.INTERNAL;
  const locale = pickLocale(c.req.header('Accept-Language'));
  if (error instanceof TooManyAttempts) c.header('Retry-After', String(error.retryAfterSeconds));
  if (error instanceof MethodNotAllowed) c.header('Allow', error.allow.join(', '));
  c.header('Content-Language', locale);
  c.header('Cache-Control', 'no-store');
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: error.code in errorMessages ? error.code : 'INTERNAL', message: entry[locale] },
  };
  if (error.details !== undefined) body.error.details = error.details;
  return c.json(body, entry.status as ContentfulStatusCode);
}

/** Maps Hono's own exceptions (body parsing, limits) onto domain errors. */
function fromHttpException(error: HTTPException): DomainError | undefined {
  if (error.status === 413) return new PayloadTooLarge();
  if (error.status === 400 && /json/i.test(error.message)) return new MalformedJson();
  if (error.status === 401) return new Unauthorized();
  if (error.status === 415) return new UnsupportedMediaType();
  return undefined;
}

export class InternalError extends DomainError {
  readonly code = 'INTERNAL';
}

/** app.onError: every failure leaves in the error shape; only unexpected ones are logged as errors. */
export function onError(log: {
  error(message: string, extra: Record<string, unknown>): void;
}): (error: Error, c: Context) => Response {
  return (error, c) => {
    if (error instanceof DomainError) return renderDomainError(c, error);
    if (error instanceof HTTPException) {
      const mapped = fromHttpException(error);
      if (mapped) return renderDomainError(c, mapped);
    }
    log.error('unhandled error', {
      error: { name: error.name, message: error.message, stack: error.stack },
      path: c.req.path,
    });
    return renderDomainError(c, new InternalError());
  };
}

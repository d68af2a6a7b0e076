// A sub-app per resource, sharing the validator hook that turns zod failures into VALIDATION_FAILED.
import { OpenAPIHono } from '@hono/zod-openapi';
import { ValidationFailed } from '#domain/errors.ts';
import type { AppEnv } from './app-env.ts';

export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const details: Record<string, string> = {};
        for (const issue of result.error.issues) {
          const path = [result.target, ...issue.path.map(String)].join('.');
          details[path] ??= issue.message;
        }
        throw new ValidationFailed(details);
      }
    },
  });
}

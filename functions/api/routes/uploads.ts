// POST /api/uploads (Idempotency-Key): a resident declares a file and gets a signed link to PUT its bytes to.
import { createRoute, z } from '@hono/zod-openapi';
import type { IdempotencyStore } from '#adapters/idempotency-store.port.ts';
import {
  createUpload,
  MAX_UPLOAD_BYTES,
  UPLOAD_CONTENT_TYPES,
  type UploadDeps,
} from '#use-cases/uploads.ts';
import { idempotent } from '../middleware/idempotency.ts';
import { newRouter } from '../router.ts';
import { errorContent, json } from '../schemas.ts';

export const NewUploadSchema = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((name) => !/\p{Cc}/u.test(name), 'no control characters')
      .openapi({ example: '欠条.jpg', description: 'The file’s name on the resident’s device' }),
    contentType: z.enum(UPLOAD_CONTENT_TYPES),
    size: z
      .number()
      .int()
      .min(1)
      .max(MAX_UPLOAD_BYTES)
      .openapi({ example: 482133, description: 'Exact size in bytes (at most 10 MB)' }),
  })
  .strict()
  .openapi('NewUpload');

const CreatedUploadSchema = z
  .object({
    uploadId: z.string().openapi({ example: 'UP01JD2Q8K7Z3M9QXA4B6C8D0EFG' }),
    uploadUrl: z.string().openapi({
      description:
        'Where to PUT the bytes: a presigned S3 URL on AWS, a signed path on the API’s own origin locally',
    }),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).openapi({
      description: 'Send exactly these with the PUT (Content-Type, and on S3 the object tag)',
      example: { 'Content-Type': 'image/jpeg' },
    }),
    expiresAt: z.string().openapi({ description: 'When the link stops working (15 minutes)' }),
  })
  .openapi('CreatedUpload');

export interface UploadRouteDeps extends UploadDeps {
  idempotency: IdempotencyStore;
}

export function uploadRoutes(deps: UploadRouteDeps) {
  const create = idempotent({ store: deps.idempotency, clock: deps.clock });
  return newRouter().openapi(
    createRoute({
      method: 'post',
      path: '/api/uploads',
      summary: 'Declare an attachment (JPEG, PNG or PDF, ≤ 10 MB) and get a link to send it to',
      description:
        'Then PUT the file’s bytes to `uploadUrl` with `headers`; another size or type than declared is refused. ' +
        'List the `uploadId` in a case’s `attachmentIds` within 24 hours, or the upload is forgotten.',
      tags: ['residents'],
      middleware: [create] as const,
      request: {
        headers: z.object({ 'Idempotency-Key': z.string().optional() }),
        body: { required: true, content: json(NewUploadSchema) },
      },
      responses: {
        201: { description: 'Declared; send the file next', content: json(CreatedUploadSchema) },
        400: errorContent('Invalid fields, or no Idempotency-Key'),
        422: errorContent('Idempotency-Key reused with another body'),
        503: errorContent('No file storage is configured in this deployment'),
      },
    }),
    async (c) => {
      const created = await createUpload(deps, c.req.valid('json'));
      c.header('Cache-Control', 'no-store');
      return c.json(created, 201);
    },
  );
}

// The API document's header: served at /api/openapi.json, and generated with it at build time.
import type { OpenAPIHono } from '@hono/zod-openapi';

export const OPENAPI_DOCUMENT_CONFIG: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: 'Fengqiao API',
    version: '0.1.0',
    description:
      'Public legal services and mediation. Conventions (errors, idempotency, codes, time): CONTRACT.md and docs/errors.md.',
  },
  tags: [
    { name: 'city', description: 'The city, its regions and services' },
    { name: 'operations', description: 'Health' },
    {
      name: 'staff',
      description: 'Signed-in staff (Bearer ID token); role and region rules apply',
    },
    { name: 'admin', description: 'The agency (agency_admin): setup, statistics, supervision' },
    { name: 'residents', description: 'Residents, by reference and X-Tracking-Code' },
    { name: 'local only', description: 'Present only in the local runtime' },
  ],
};

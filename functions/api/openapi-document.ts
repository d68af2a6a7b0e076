// The whole API's document (every route group, no local-only route), for the public function, which holds only its own routes.
import { createTable } from '#adapters/dynamo/table-client.ts';
import { systemClock } from '#domain/time.ts';
import { createApp } from './app.ts';
import { OPENAPI_DOCUMENT_CONFIG } from './openapi-config.ts';

let document: Promise<unknown> | undefined;

/**
 * Built once per process from an app of every group, whose routes register their schemas; nothing
 * reaches the table. A function bundle replaces this module with a reader of the document
 * generated from it at build time (infra/bundling/openapi-prebuilt.ts), so the public function
 * carries neither the other groups' routes nor the OpenAPI generator.
 */
export function wholeApiDocument(): Promise<unknown> {
  document ??= import('./groups/all.ts').then(({ everyRouteGroup }) => {
    const silent = { info() {}, warn() {}, error() {}, debug() {} };
    const app = createApp(
      {
        cityId: 'openapi-document',
        table: createTable('openapi-document'),
        clock: systemClock,
        logger: silent,
      },
      everyRouteGroup,
    );
    return app.getOpenAPI31Document(OPENAPI_DOCUMENT_CONFIG);
  });
  // A failure is not kept: the next request tries again.
  document.catch(() => {
    document = undefined;
  });
  return document;
}

// The Lambda entry and the local server serve the same Hono app module, with the same answers.
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

beforeAll(async () => {
  server = await startTestServer();
  // The Lambda module reads TABLE_NAME and CITY at load, as on AWS: point it at the same table.
  process.env.TABLE_NAME = server.tableName;
  process.env.CITY = 'wuzhong';
  ({ handler } = (await import('../../functions/api/lambda.ts')) as never);
});
afterAll(async () => {
  await server?.close();
});

function event(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.test', ...headers },
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'lambda-request-1',
      routeKey: 'ANY /api/{proxy+}',
      stage: '$default',
      time: '22/Nov/2026:02:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

async function invoke(method: string, path: string, headers?: Record<string, string>) {
  const result = (await handler(event(method, path, headers), {} as Context)) as {
    statusCode: number;
    body: string;
    headers: Record<string, string>;
  };
  return { status: result.statusCode, body: JSON.parse(result.body), headers: result.headers };
}

describe('Lambda entry and local server', () => {
  it('answer GET /api/city identically', async () => {
    const viaLambda = await invoke('GET', '/api/city');
    const viaServer = await fetch(`${server.url}/api/city`);
    expect(viaLambda.status).toBe(200);
    expect(viaLambda.body).toEqual(await viaServer.json());
    // API Gateway's request id is reused, so both access logs line up.
    expect(viaLambda.headers['x-request-id']).toBe('lambda-request-1');
  });

  it('answer errors identically', async () => {
    const viaLambda = await invoke('PUT', '/api/health', { 'accept-language': 'en' });
    const viaServer = await fetch(`${server.url}/api/health`, {
      method: 'PUT',
      headers: { 'accept-language': 'en' },
    });
    expect(viaLambda.status).toBe(405);
    expect(viaLambda.body).toEqual(await viaServer.json());
  });

  it('document the same API, the local-only routes aside (clock, outbox, the upload link’s target)', async () => {
    const viaLambda = await invoke('GET', '/api/openapi.json');
    const local = await (await fetch(`${server.url}/api/openapi.json`)).json();
    // Locally, uploads land on this same origin; on AWS the signed link points at S3.
    const localOnly = (p: string) =>
      p.startsWith('/api/dev/') || p === '/api/uploads/{uploadId}/content';
    const localPaths = Object.keys(local.paths).filter((p) => !localOnly(p));
    expect(Object.keys(viaLambda.body.paths).sort()).toEqual(localPaths.sort());
    const schemas = Object.fromEntries(
      Object.entries(local.components.schemas).filter(([name]) => !name.startsWith('Clock')),
    );
    expect(viaLambda.body.components.schemas).toEqual(schemas);
  });
});

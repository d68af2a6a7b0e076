// The Step Functions JSON protocol on its own port (POST /, X-Amz-Target), plus a page listing executions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from './engine.ts';
import { SfnError } from './errors.ts';
import { executionsPage, historyPage } from './executions-page.ts';

const TARGET_PREFIX = 'AWSStepFunctions.';
const JSON_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY_BYTES = 1024 * 1024;

type Action = (engine: Engine, body: Record<string, never>) => Promise<unknown>;
const actions: Record<string, Action> = {
  StartExecution: (e, b) => e.startExecution(b),
  DescribeExecution: (e, b) => e.describeExecution(b),
  ListExecutions: (e, b) => e.listExecutions(b),
  GetExecutionHistory: (e, b) => e.getExecutionHistory(b),
  StopExecution: (e, b) => e.stopExecution(b),
  SendTaskSuccess: (e, b) => e.sendTaskSuccess(b),
  SendTaskFailure: (e, b) => e.sendTaskFailure(b),
  SendTaskHeartbeat: (e, b) => e.sendTaskHeartbeat(b),
  DescribeStateMachine: (e, b) => e.describeStateMachine(b),
  ListStateMachines: (e) => e.listStateMachines(),
};

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SfnError('ValidationException', 'Request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, type = JSON_TYPE): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** As AWS answers: `__type` names the error, the SDK builds the matching exception class. */
function sendError(res: ServerResponse, error: SfnError): void {
  res.setHeader('x-amzn-errortype', error.type);
  send(res, 400, { __type: `com.amazonaws.sfn#${error.type}`, message: error.message });
}

async function handle(engine: Engine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET') {
    if (url.pathname === '/executions.json')
      return send(res, 200, await engine.overview(), 'application/json');
    const arn = url.searchParams.get('execution');
    if (url.pathname === '/' && arn) {
      const { events } = await engine.getExecutionHistory({ executionArn: arn, maxResults: 1000 });
      const execution = await engine.describeExecution({ executionArn: arn });
      return send(res, 200, historyPage(execution, events), 'text/html; charset=utf-8');
    }
    if (url.pathname === '/')
      return send(res, 200, executionsPage(await engine.overview()), 'text/html; charset=utf-8');
    return send(res, 404, 'not found', 'text/plain');
  }
  if (req.method !== 'POST' || url.pathname !== '/')
    return send(res, 404, 'not found', 'text/plain');
  const target = req.headers['x-amz-target'];
  const name =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX)
      ? target.slice(TARGET_PREFIX.length)
      : '';
  const action = actions[name];
  if (!action)
    throw new SfnError('UnknownOperationException', `Unknown operation: ${String(target)}`);
  const text = await readBody(req);
  let body: Record<string, never>;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new SfnError('ValidationException', 'The request body is not JSON');
  }
  send(res, 200, await action(engine, body));
}

export interface ProtocolServer {
  endpoint: string;
  close(): Promise<void>;
}

export async function startProtocolServer(engine: Engine, port = 0): Promise<ProtocolServer> {
  const server: Server = createServer((req, res) => {
    handle(engine, req, res).catch((error: unknown) => {
      if (error instanceof SfnError) return sendError(res, error);
      engine.log(
        `workflow: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      send(res, 500, { __type: 'com.amazonaws.sfn#InternalFailure', message: 'Internal failure' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

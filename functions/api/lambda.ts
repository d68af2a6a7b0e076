// Lambda entry: API Gateway (HTTP API) events into the same Hono app the local server runs.
import { handle } from 'hono/aws-lambda';
import { appFromEnvironment } from './environment.ts';

export const handler = handle(appFromEnvironment());

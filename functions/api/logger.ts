// The structured JSON logger (Powertools), built once per process.
import { Logger } from '@aws-lambda-powertools/logger';

export type AppLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export function createLogger(): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'fengqiao-api' });
}

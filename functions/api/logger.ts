// The structured JSON logger (Powertools), built once per process; it masks personal numbers in every line.
import { Logger } from '@aws-lambda-powertools/logger';
import { redactPersonalNumbers } from '#domain/personal-data.ts';

export type AppLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

/**
 * Every string value of every log line (messages, extra keys, error messages and stacks) passes
 * through this, so a mobile or ID number that reaches a log call is written masked (PIPL).
 */
export function redactingReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return redactPersonalNumbers(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function createLogger(
  options: { logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' } = {},
): Logger {
  return new Logger({
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'fengqiao-api',
    jsonReplacerFn: redactingReplacer,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
}

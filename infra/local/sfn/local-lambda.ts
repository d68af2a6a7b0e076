// Task functions in-process: the substitutions the emulator makes, and the handler module behind each function ARN.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type WorkflowFunctionKey,
  workflowFunctions,
} from '../../../functions/workflow/functions.ts';
import { repoRoot } from '../web-build.ts';

/** The account id in every local ARN (DynamoDB Local and Step Functions Local use the same). */
export const LOCAL_ACCOUNT = '000000000000';
const FUNCTION_PREFIX = 'fengqiao-local-';

export interface LocalPlace {
  partition: string;
  region: string;
}

/** What CDK's definitionSubstitutions give on AWS, with local function ARNs in place of real ones. */
export function localSubstitutions({ partition, region }: LocalPlace): Record<string, string> {
  const values: Record<string, string> = { Partition: partition };
  for (const key of Object.keys(workflowFunctions)) {
    values[key] =
      `arn:${partition}:lambda:${region}:${LOCAL_ACCOUNT}:function:${FUNCTION_PREFIX}${key}`;
  }
  return values;
}

/** The `workflowFunctions` key behind a function name or ARN (as `FunctionName` carries it). */
export function functionKey(functionName: string): WorkflowFunctionKey | undefined {
  const name = functionName.split(':').find((part) => part.startsWith(FUNCTION_PREFIX));
  const key = name?.slice(FUNCTION_PREFIX.length);
  return key && key in workflowFunctions ? (key as WorkflowFunctionKey) : undefined;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();

/** The error a Lambda function's failure becomes in the state machine (`Error`, `Cause`). */
export class FunctionError extends Error {
  constructor(errorType: string, cause: string) {
    super(cause);
    // The library matches Retry and Catch on `name`.
    this.name = errorType;
  }
}

/**
 * Runs the handler module the way the Lambda runtime would: the same `handler` export, a
 * JSON copy of the payload, a minimal context. A throw becomes `Error` = its name and
 * `Cause` = `{errorMessage, errorType}` as Lambda reports it.
 */
export async function invokeLocalFunction(
  functionName: string,
  payload: unknown,
): Promise<unknown> {
  const key = functionKey(functionName);
  if (!key) {
    throw new FunctionError(
      'Lambda.ResourceNotFoundException',
      `Function not found locally: ${functionName} (workflowFunctions has ${Object.keys(workflowFunctions).join(', ')})`,
    );
  }
  let handler = loaded.get(key);
  if (!handler) {
    handler = import(pathToFileURL(join(repoRoot, workflowFunctions[key])).href).then((module) => {
      if (typeof module.handler !== 'function')
        throw new Error(`${workflowFunctions[key]} exports no handler`);
      return module.handler as Handler;
    });
    loaded.set(key, handler);
  }
  const context = {
    functionName: `${FUNCTION_PREFIX}${key}`,
    awsRequestId: crypto.randomUUID(),
    getRemainingTimeInMillis: () => 900_000,
  };
  try {
    const result = await (await handler)(JSON.parse(JSON.stringify(payload ?? null)), context);
    // A Lambda's response is JSON: undefined becomes null.
    return result === undefined ? null : JSON.parse(JSON.stringify(result));
  } catch (error) {
    const errorType = error instanceof Error ? error.name : 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    throw new FunctionError(errorType, JSON.stringify({ errorMessage, errorType }));
  }
}

// A Node.js Lambda function bundled from `functions/`, with the project's runtime, bundling and logging fixed.
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-acknowledgements.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface NodeFunctionProps {
  /** The handler module, relative to the repository root (it must export `handler`). */
  readonly entry: string;
  /** Powertools service name: the `service` key of every log line. */
  readonly serviceName: string;
  /** The city id, passed as `CITY` so the code loads the same config as at synth. */
  readonly city: string;
  readonly environment?: Record<string, string>;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /** Only for functions invoked asynchronously (a failed event lands here after the retries). */
  readonly deadLetterQueue?: IQueue;
}

/**
 * esbuild's alias for `zod`: `@hono/zod-openapi` passes `z` around as a value, which defeats
 * tree-shaking and bundles zod's 60+ locales (~260 KB); the lean module leaves them out.
 */
export const bundlingEsbuildArgs = {
  '--alias': `zod=./infra/bundling/zod-lean.ts`,
  // Chinese text as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6 bytes).
  '--charset': 'utf8',
  '--legal-comments': 'none',
};

export class NodeFunction extends Construct {
  readonly lambda: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);

    // China's Cybersecurity Law (art. 21) asks operators to keep network logs for at least six
    // months; the group outlives the stack so an incident can still be investigated.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Its own role with logging to its own group only, instead of the managed
    // AWSLambdaBasicExecutionRole (CreateLogGroup and PutLogEvents on every group): grants add
    // each function's other permissions.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.lambda = new NodejsFunction(this, 'Function', {
      role,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      entry: `${repoRoot}${props.entry}`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      // Named, never NODEJS_LATEST: with a "latest" runtime CDK stops treating the AWS SDK as
      // provided by the runtime and bundles it into every function.
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      // CPU scales with memory; 512 MB keeps a cold start of the bundled app short.
      memorySize: props.memorySize ?? 512,
      // Well under the HTTP API's 30 s integration limit, so a stuck call ends with a timeout
      // in the function's own log rather than only as a gateway error.
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup: this.logGroup,
      // The fixed variables come last: a caller cannot override them.
      environment: {
        ...props.environment,
        CITY: props.city,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // file:line is enough in a stack trace; shipping the sources would only grow the zip.
        sourcesContent: false,
        // The Node.js runtime provides AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
        // An ESM bundle has no `require`; CommonJS dependencies bundled into it still call it
        // for Node built-ins.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        esbuildArgs: bundlingEsbuildArgs,
      },
    });
    acknowledge(
      this.lambda,
      'AwsSolutions-L1',
      'Node.js 22 is a supported LTS runtime, named on purpose: a "latest" runtime makes CDK bundle the AWS SDK into every function, and the code is tested on Node 20 and 22. Moving to 24 is a one-line change once tested.',
    );
  }
}

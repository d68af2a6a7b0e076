// A Node.js Lambda function bundled from `functions/`, with the project's runtime, bundling and logging fixed.
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

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
}

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

    this.lambda = new NodejsFunction(this, 'Function', {
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
      },
    });
  }
}

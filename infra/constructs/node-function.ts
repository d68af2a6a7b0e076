// A Node.js Lambda function bundled from `functions/` for one city, with the project's runtime, bundling and logging fixed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { loadCity } from '../../functions/config/cities.ts';
import { cityEnvironment } from '../../functions/config/city-environment.ts';
import { type FunctionBundleSpec, repoRoot } from '../bundling/function-bundle.ts';
import { acknowledge } from '../nag-acknowledgements.ts';

const bundleScript = fileURLToPath(new URL('../bundling/function-bundle.ts', import.meta.url));

/**
 * The function's code: `infra/bundling/function-bundle.ts` run by the local esbuild at synth (no
 * Docker), the same build the bench measures and the bundle test checks. It runs in a child
 * process because CDK's local bundling is synchronous and esbuild's plugins need the async API.
 */
function bundledCode(spec: FunctionBundleSpec): Code {
  return Code.fromAsset(repoRoot, {
    // As NodejsFunction does: the asset is identified by the bundle, not by the repository.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling either succeeds or throws.
      image: DockerImage.fromRegistry('local-esbuild-only'),
      // Also what tells two functions' bundles apart in CDK's asset cache.
      command: ['function-bundle', JSON.stringify(spec)],
      local: {
        tryBundle(outputDir) {
          const run = spawnSync(
            process.execPath,
            ['--import', 'tsx', bundleScript, JSON.stringify(spec), outputDir],
            // Its report goes to stderr, like the rest of CDK's bundling output.
            { cwd: repoRoot, stdio: ['ignore', 2, 2] },
          );
          if (run.status !== 0) {
            throw new Error(
              `bundling ${spec.entry} for ${spec.city} failed (${run.error ?? `exit ${run.status}`})`,
            );
          }
          return true;
        },
      },
    },
  });
}

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

export class NodeFunction extends Construct {
  readonly lambda: LambdaFunction;
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

    this.lambda = new LambdaFunction(this, 'Function', {
      role,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      code: bundledCode({ entry: props.entry, city: props.city }),
      handler: 'index.handler',
      // Named, never NODEJS_LATEST: the bundle targets Node 22 and leaves the AWS SDK to the
      // runtime (function-bundle.ts), which a runtime that moves on its own could change.
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
        ...cityEnvironment(loadCity(props.city)),
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    acknowledge(
      this.lambda,
      'AwsSolutions-L1',
      'Node.js 22 is a supported LTS runtime, named on purpose: the bundle targets it and takes the AWS SDK from it, and the code is tested on Node 20 and 22. Moving to 24 is a one-line change once tested (with the bundle target in infra/bundling/function-bundle.ts).',
    );
  }
}

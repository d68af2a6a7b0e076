// The city's site: the Astro build in a private bucket behind CloudFront, with `/api/*` sent to the HTTP API on the same origin.
import { type CfnElement, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  type CfnDistribution,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { cspHeaderValue } from '../../functions/api/content-security-policy.ts';
import type { DomainConfig, Partition } from '../../functions/config/city-schema.ts';
import { acknowledge } from '../nag-acknowledgements.ts';

export interface SiteDistributionProps {
  readonly cityId: string;
  readonly partition: Partition;
  /** The built site (`astro build --root web` with `CITY=<id>`). */
  readonly siteDir: string;
  readonly httpApi: HttpApi;
  readonly accessLogs: IBucket;
  readonly domain?: DomainConfig;
  /** The OIDC issuer's origin, which the CSP allows for sign-in. */
  readonly issuerOrigin?: string;
  /** The attachments bucket's endpoint, which the CSP allows for uploads (`connect-src`). */
  readonly uploadOrigin?: string;
}

/** Security headers on every site response; the CSP is the API's, from one module. */
export function siteSecurityHeaders(issuerOrigin?: string, uploadOrigin?: string) {
  return {
    contentSecurityPolicy: {
      contentSecurityPolicy: cspHeaderValue(issuerOrigin, uploadOrigin),
      override: true,
    },
    strictTransportSecurity: {
      accessControlMaxAge: Duration.days(730),
      includeSubdomains: true,
      override: true,
    },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
    referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
  };
}

export class SiteDistribution extends Construct {
  readonly bucket: IBucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: SiteDistributionProps) {
    super(scope, id);
    const inChina = props.partition === 'aws-cn';

    // The build output can always be deployed again, but a bucket with objects cannot be deleted
    // by CloudFormation: it is retained and emptied by hand (docs/deploy.md, removing a city).
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // aws-cn CloudFront has been reported to reject origin access control: an identity there.
    const siteOrigin = inChina
      ? S3BucketOrigin.withOriginAccessIdentity(this.bucket)
      : S3BucketOrigin.withOriginAccessControl(this.bucket);
    // `https://<id>.execute-api.<region>.<suffix>` → the host name.
    const apiHost = Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint));
    const apiOrigin = new HttpOrigin(apiHost, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Fengqiao ${props.cityId}: CSP and security headers of the site`,
      securityHeadersBehavior: siteSecurityHeaders(props.issuerOrigin, props.uploadOrigin),
    });

    // S3 behind OAC does not map `/en/` to `/en/index.html`; a viewer-request function does.
    // CloudFront Functions are not offered in aws-cn, where the site links to index.html paths.
    const indexRewrite = inChina
      ? undefined
      : new EdgeFunction(this, 'IndexRewrite', {
          comment: 'Directory URLs to their index.html',
          code: FunctionCode.fromInline(
            "function handler(event) { var r = event.request; if (r.uri.endsWith('/')) r.uri += 'index.html'; else if (r.uri.lastIndexOf('.') < r.uri.lastIndexOf('/')) r.uri += '/index.html'; return r; }",
          ),
        });

    const certificate =
      props.domain?.certificate?.kind === 'acm'
        ? Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificate.arn)
        : undefined;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Fengqiao ${props.cityId}: site and API`,
      defaultRootObject: 'index.html',
      httpVersion: inChina ? HttpVersion.HTTP2 : HttpVersion.HTTP2_AND_3,
      ...(inChina ? {} : { priceClass: PriceClass.PRICE_CLASS_ALL }),
      // With CloudFront's default certificate the floor is CloudFront's; an IAM certificate gets
      // its floor in the override below.
      ...(certificate ? { minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      ...(certificate && props.domain ? { certificate, domainNames: [props.domain.name] } : {}),
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        ...(indexRewrite
          ? {
              functionAssociations: [
                { function: indexRewrite, eventType: FunctionEventType.VIEWER_REQUEST },
              ],
            }
          : {}),
      },
      additionalBehaviors: {
        // The API on the site's origin: no CORS, cookies and CSP 'self' just work. Never cached;
        // every viewer header but Host (API Gateway routes on its own host name) is forwarded.
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
      errorResponses: [{ httpStatus: 404, responsePagePath: '/404.html', responseHttpStatus: 404 }],
    });

    // aws-cn has no ACM for CloudFront: the ICP-registered domain's IAM server certificate.
    if (props.domain?.certificate?.kind === 'iam') {
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [props.domain.name]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: props.domain.certificate.serverCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'A public service of a Chinese city: residents may reach it from abroad (migrant workers, students), so no country is blocked.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF web ACL by default (AWS WAF for CloudFront is not offered in every partition, and it costs more than the stack itself at 1,000 cases a year); the HTTP API stage is throttled and the API validates every input. An agency may attach its own ACL.',
    });
    if (props.domain?.certificate?.kind === 'iam' || !props.domain?.certificate) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: props.domain?.certificate
          ? 'The IAM server certificate is set with MinimumProtocolVersion TLSv1.2_2021 by a property override, which the rule does not see.'
          : 'No custom domain yet: the default *.cloudfront.net certificate, whose TLS floor CloudFront fixes; set domain.certificate in the city config to serve TLS 1.2+ only.',
      });
    }

    new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(props.siteDir)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      prune: true,
    });
    // The deployment's handler is a CDK singleton at the stack's root.
    const stack = Stack.of(this);
    const siteBucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnElement);
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      acknowledge(child, 'AwsSolutions-L1', bucketDeploymentReasons.runtime);
      acknowledge(child, 'AwsSolutions-IAM4', bucketDeploymentReasons.managedPolicy, [
        'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      ]);
      acknowledge(child, 'AwsSolutions-IAM5', bucketDeploymentReasons.wildcards, [
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*`,
        `Resource::<${siteBucketId}.Arn>/*`,
        'Resource::*',
      ]);
    }
    if (inChina) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR7',
        'aws-cn CloudFront has been reported to reject origin access control, so this China-region distribution reads its private bucket through an origin access identity (the bucket policy names only that identity).',
      );
    }
  }
}

const bucketDeploymentReasons = {
  managedPolicy:
    'CDK’s BucketDeployment handler (runs only during a deploy) uses AWSLambdaBasicExecutionRole to write its own logs; it holds no case data.',
  wildcards:
    'CDK’s BucketDeployment handler copies every object of the build: s3:GetObject*/List* on the asset bucket and s3:PutObject*/DeleteObject* under the site bucket, object wildcards by necessity, limited to those two buckets; cloudfront:CreateInvalidation allows no resource narrower than *.',
  runtime:
    'The BucketDeployment handler’s runtime is chosen by aws-cdk-lib, which pins a supported Python runtime; it runs only during deploys.',
};

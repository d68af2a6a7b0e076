// What AWS needs for attachments: the API's bucket variable, a grant scoped to uploads/*, CORS for the site, the CSP, the clean-up.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  ATTACHMENTS_BUCKET_ENV,
  UPLOAD_STATE_TAG,
} from '../../functions/adapters/s3/upload-target.ts';
import { cityIds, loadCity } from '../../functions/config/cities.ts';
import { DEFAULT_SITE_ORIGIN, UPLOAD_ACTIONS } from '../../infra/constructs/attachments-bucket.ts';
import { synthCity } from './synth-city.ts';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

describe.each([...cityIds])('city %s', (id) => {
  const city = loadCity(id);
  const { stacks } = synthCity(city);
  const data = Template.fromStack(stacks.data);
  const api = Template.fromStack(stacks.api);
  const [bucketId] = Object.keys(
    data.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    }),
  );
  const statements = Object.values(api.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties
        .PolicyDocument.Statement,
  );
  const s3Statements = statements.filter((s) =>
    [s.Action].flat().some((action) => action.startsWith('s3:')),
  );
  const underUploads = s3Statements.filter((s) =>
    JSON.stringify(s.Resource).includes('/uploads/*'),
  );
  // The retention job's grant (infra/constructs/retention-job.ts): delete only.
  const removalGrant = underUploads.filter((s) => [s.Action].flat().includes('s3:DeleteObject'));
  const uploadGrant = underUploads.filter((s) => !removalGrant.includes(s));

  it('tells the API function the bucket (ATTACHMENTS_BUCKET)', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ATTACHMENTS_BUCKET_ENV]: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: 'fengqiao-api',
        }),
      },
    });
  });

  it('lets the API only presign, read and retag objects under uploads/ of that bucket', () => {
    expect(uploadGrant).toHaveLength(1);
    const [grant] = uploadGrant;
    expect(grant!.Effect).toBe('Allow');
    expect([grant!.Action].flat().sort()).toEqual([...UPLOAD_ACTIONS].sort());
    // The data stack's named output: this bucket's ARN, then the prefix.
    expect(grant!.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          {
            'Fn::GetStackOutput': expect.objectContaining({
              StackName: stacks.data.stackName,
              OutputName: 'AttachmentsBucketArn',
            }),
          },
          '/uploads/*',
        ],
      ],
    });
    expect(data.findOutputs('AttachmentsBucketArn')).toEqual({
      AttachmentsBucketArn: expect.objectContaining({
        Value: { 'Fn::GetAtt': [bucketId, 'Arn'] },
      }),
    });
    // No other S3 permission anywhere in the API stack's functions but the site deployment's.
    const others = s3Statements
      .filter((s) => !uploadGrant.includes(s) && !removalGrant.includes(s))
      .filter((s) => !JSON.stringify(s.Resource).includes('SiteBucket'))
      .filter((s) => !JSON.stringify(s.Resource).includes('cdk-hnb659fds-assets'));
    expect(others).toEqual([]);
    const actions = s3Statements.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('s3:*');
    expect(uploadGrant.flatMap((s) => [s.Action].flat())).not.toContain('s3:ListBucket');
  });

  it('lets the retention job only delete objects under uploads/ of that bucket', () => {
    expect(removalGrant).toHaveLength(1);
    expect(removalGrant[0]!.Effect).toBe('Allow');
    expect([removalGrant[0]!.Action].flat()).toEqual(['s3:DeleteObject']);
    expect(JSON.stringify(removalGrant[0]!.Resource)).toContain('AttachmentsBucketArn');
  });

  it('lets the site’s origin PUT to the bucket with the signed headers, nothing else', () => {
    const origin = city.deploy.domain ? `https://${city.deploy.domain.name}` : DEFAULT_SITE_ORIGIN;
    data.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedMethods: ['PUT'],
            AllowedOrigins: [origin],
            AllowedHeaders: ['content-type', 'x-amz-tagging'],
            MaxAge: 600,
          },
        ],
      },
    });
  });

  it('removes uploads still tagged pending after two days, never a case’s (retagged)', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Prefix: 'uploads/',
            TagFilters: [{ Key: UPLOAD_STATE_TAG.key, Value: UPLOAD_STATE_TAG.pending }],
            ExpirationInDays: 2,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            Status: 'Enabled',
          }),
        ]),
      },
    });
  });

  it('allows the bucket’s regional endpoint in the site’s CSP (connect-src)', () => {
    const suffix = city.deploy.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    const policies = JSON.stringify(api.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(policies).toContain(`.s3.${city.deploy.region}.${suffix}; form-action`);
  });

  it('keeps the data stack free of any dependency on the API stack', () => {
    expect(stacks.data.dependencies).toEqual([]);
    expect(stacks.api.dependencies).toContain(stacks.data);
  });
});

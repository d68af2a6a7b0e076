// A city's stateful resources (table, personal-data key, staff user pool, buckets, channel secrets): kept apart so the stateless stacks can be replaced freely.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import { AccessLogsBucket } from '../constructs/access-logs-bucket.ts';
import { AttachmentsBucket } from '../constructs/attachments-bucket.ts';
import { ChannelSecrets } from '../constructs/channel-secrets.ts';
import { MediationTable } from '../constructs/mediation-table.ts';
import { PersonalDataKey } from '../constructs/personal-data-key.ts';
import { StaffIdentity } from '../constructs/staff-identity.ts';

export interface DataStackProps extends StackProps {
  readonly cityId: string;
  readonly deploy: Pick<CityConfig['deploy'], 'identity' | 'domain' | 'notifications' | 'video'>;
}

export class DataStack extends Stack {
  readonly mediationTable: MediationTable;
  readonly personalDataKey: PersonalDataKey;
  /** The staff user pool (when Cognito) lives here: accounts are state. */
  readonly staffIdentity: StaffIdentity;
  readonly accessLogs: AccessLogsBucket;
  readonly attachments: AttachmentsBucket;
  /** Channel secrets are state too: a redeployed stateless stack must not lose them. */
  readonly channelSecrets: ChannelSecrets;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const { cityId, deploy, ...stackProps } = props;
    // Deleting this stack by mistake would be the one unrecoverable deploy error.
    super(scope, id, { ...stackProps, terminationProtection: true });

    this.mediationTable = new MediationTable(this, 'MediationTable');
    this.personalDataKey = new PersonalDataKey(this, 'PersonalDataKey', { cityId });
    this.staffIdentity = new StaffIdentity(this, 'StaffIdentity', {
      cityId,
      identity: deploy.identity,
      domain: deploy.domain,
    });
    this.accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.attachments = new AttachmentsBucket(this, 'Attachments', {
      accessLogs: this.accessLogs.bucket,
      ...(deploy.domain ? { siteOrigin: `https://${deploy.domain.name}` } : {}),
    });
    this.channelSecrets = new ChannelSecrets(this, 'ChannelSecrets', {
      cityId,
      notifications: deploy.notifications,
      video: deploy.video,
    });
  }
}

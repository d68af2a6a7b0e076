// A city's workflows: the mediation state machine and its task functions (stateless; replaced freely).
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CityConfig } from '../../functions/config/city-schema.ts';
import type { ChannelSecrets } from '../constructs/channel-secrets.ts';
import type { MediationTable } from '../constructs/mediation-table.ts';
import { MediationWorkflow } from '../constructs/mediation-workflow.ts';
import type { PersonalDataKey } from '../constructs/personal-data-key.ts';

export interface WorkflowStackProps extends StackProps {
  readonly city: CityConfig;
  readonly mediationTable: MediationTable;
  readonly personalDataKey: PersonalDataKey;
  readonly channelSecrets: ChannelSecrets;
}

export class WorkflowStack extends Stack {
  readonly mediation: MediationWorkflow;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    const { city, mediationTable, personalDataKey, channelSecrets, ...stackProps } = props;
    super(scope, id, stackProps);

    this.mediation = new MediationWorkflow(this, 'Mediation', {
      city,
      mediationTable,
      personalDataKey,
      channelSecrets,
    });
  }
}

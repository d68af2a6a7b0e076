// A city's workflows: the mediation state machine and its task functions (stateless; replaced freely).
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { MediationTable } from '../constructs/mediation-table.ts';
import { MediationWorkflow } from '../constructs/mediation-workflow.ts';

export interface WorkflowStackProps extends StackProps {
  readonly cityId: string;
  readonly mediationTable: MediationTable;
}

export class WorkflowStack extends Stack {
  readonly mediation: MediationWorkflow;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    const { cityId, mediationTable, ...stackProps } = props;
    super(scope, id, stackProps);

    this.mediation = new MediationWorkflow(this, 'Mediation', { cityId, mediationTable });
  }
}

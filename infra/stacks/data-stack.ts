// A city's stateful resources: kept apart so the stateless stacks can be replaced freely.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MediationTable } from '../constructs/mediation-table.ts';

export class DataStack extends Stack {
  readonly mediationTable: MediationTable;

  constructor(scope: Construct, id: string, props: StackProps) {
    // Deleting this stack by mistake would be the one unrecoverable deploy error.
    super(scope, id, { ...props, terminationProtection: true });

    this.mediationTable = new MediationTable(this, 'MediationTable');
  }
}

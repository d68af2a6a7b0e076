// The workflows and their task functions: one table read by CDK (definitionSubstitutions) and the local emulator.

/** A workflow: its ASL file, relative to the repository root. */
export const workflowDefinitions = {
  mediation: 'functions/workflow/mediation.asl.json',
} as const;

export type WorkflowName = keyof typeof workflowDefinitions;

/**
 * Each `${…}` placeholder of a Lambda ARN in the ASL files, and the handler module behind it
 * (relative to the repository root; it exports `handler`). CDK builds one function per entry and
 * substitutes its ARN; the local emulator substitutes a local ARN and calls the module in-process.
 */
export const workflowFunctions = {
  CaseTaskFunctionArn: 'functions/workflow/tasks/case-task.ts',
  OpenStepFunctionArn: 'functions/workflow/tasks/open-step.ts',
} as const;

export type WorkflowFunctionKey = keyof typeof workflowFunctions;

/** The environment variable naming the mediation state machine, on both runtimes. */
export const STATE_MACHINE_ARN_ENV = 'STATE_MACHINE_ARN';

/** Replaces `${Name}` placeholders the way CDK's `definitionSubstitutions` does. */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no substitution for ${whole}`);
    return value;
  });
}
